// A Toolshed tab in the served UI, driven the way a person does (clicks and
// keys), with the clock read inside the page: from the key or click event to
// the moment the text is in xterm's rendered rows (a MutationObserver sees the
// renderer's DOM change). Needs xterm's DOM renderer: the bench's Chromium has
// WebGL turned off (see browser.ts).
import path from 'node:path';
import type { Page } from '@playwright/test';
import { listRow } from './browser.js';
import { REPO } from '../../test/support/serve.js';
import { DONE_MARKER, FLOOD_FOREVER_BYTES, FLOOD_LINE_TEXT, throughputCommand } from './terminalText.js';

const ACTIVE_ROWS = '.terminal-panel:not([hidden]) .xterm-rows';

/**
 * The page-side clock: arms an observer, and resolves with ms from the next
 * `trigger` event to the wanted text on screen. Marked as handled at once: when
 * the step that should trigger it fails, that step's error is the one reported.
 */
function armInPage(
  page: Page,
  options: { trigger: 'keydown' | 'click'; test: { kind: 'includes' | 'prompt'; text?: string }; timeoutMs: number },
): Promise<number> {
  const clock = page.evaluate(
    ({ selector, trigger, test, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        let started: number | undefined;
        const onTrigger = () => (started ??= performance.now());
        document.addEventListener(trigger, onTrigger, { capture: true });
        const matches = () => {
          const rows = document.querySelector(selector);
          if (!rows) return false;
          if (test.kind === 'includes') return (rows.textContent ?? '').includes(test.text ?? '');
          // a prompt: the last non-empty row ends with "$ " or "# "
          const lines = Array.from(rows.children)
            .map((row) => (row.textContent ?? '').replace(/\s+$/, ' '))
            .filter((line) => line.trim());
          return /[$#%>] ?$/.test(lines.at(-1) ?? '');
        };
        const finish = (error?: Error) => {
          observer.disconnect();
          clearTimeout(timer);
          document.removeEventListener(trigger, onTrigger, { capture: true });
          if (error) reject(error);
          else resolve(performance.now() - (started ?? performance.now()));
        };
        const observer = new MutationObserver(() => {
          if (started !== undefined && matches()) finish();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        const timer = setTimeout(() => finish(new Error(`nothing matching ${JSON.stringify(test)} on screen within ${timeoutMs} ms`)), timeoutMs);
      }),
    { selector: ACTIVE_ROWS, ...options },
  );
  clock.catch(() => undefined);
  return clock;
}

/** Waits until `evaluate` has installed its listener (the page answers in order, so one round trip is enough). */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => undefined);
}

/** Which xterm renderer the active tab uses, as the panel says ("dom" or "webgl"). */
export async function rendererOf(page: Page): Promise<string> {
  return (await page.locator('.terminal-panel:not([hidden])').getAttribute('data-renderer')) ?? 'unknown';
}

/** Opens a tab in `container` from its details pane; resolves with ms from the click to the prompt on screen. */
export async function openTab(page: Page, container: string, timeoutMs = 60_000): Promise<number> {
  try {
    // narrowed first, as a person with 50 containers would do (and a first click on a row
    // below the fold selects the wrong one: the list's focus handler scrolls it away)
    await page.getByLabel('Filter containers by name, distro or state').fill(container);
    await listRow(page, container).click();
    const button = page.getByRole('region', { name: `Details of ${container}` }).getByRole('button', { name: 'Open terminal' });
    const tabs = await page.getByRole('tab').count();
    const clock = armInPage(page, { trigger: 'click', test: { kind: 'prompt' }, timeoutMs });
    await settled(page);
    await button.click({ timeout: 15_000 });
    const ms = await clock;
    await page.getByRole('tab').nth(tabs).waitFor();
    return ms;
  } catch (error) {
    throw await withScreenshot(page, error);
  }
}

/** Keeps a picture of the page beside the results, and says where, for a failure nobody watched. */
async function withScreenshot(page: Page, error: unknown): Promise<Error> {
  const file = path.join(REPO, 'bench/results', `failure-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
  const saved = await page.screenshot({ path: file }).then(
    () => ` (screenshot: ${path.relative(REPO, file)})`,
    () => '',
  );
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return new Error(`${message}${saved}`);
}

/** Opens another tab in the active tab's container (Ctrl+Shift+T); resolves with ms to its prompt. */
export async function newTabLikeActive(page: Page, timeoutMs = 60_000): Promise<number> {
  const clock = armInPage(page, { trigger: 'keydown', test: { kind: 'prompt' }, timeoutMs });
  await settled(page);
  await page.keyboard.press('Control+Shift+T');
  return clock;
}

/** Clears the active tab's screen and waits for the prompt alone. */
export async function clearScreen(page: Page): Promise<void> {
  await page.keyboard.type('clear');
  const clock = armInPage(page, { trigger: 'keydown', test: { kind: 'prompt' }, timeoutMs: 30_000 });
  await settled(page);
  await page.keyboard.press('Enter');
  await clock;
}

/** Types the throughput command on a cleared screen; resolves with ms from Enter to the end marker on screen. */
export async function throughput(page: Page, bytes: number, timeoutMs: number): Promise<number> {
  // the last run's marker must not be on screen already
  await clearScreen(page);
  await page.keyboard.type(throughputCommand(bytes));
  const clock = armInPage(page, { trigger: 'keydown', test: { kind: 'includes', text: DONE_MARKER }, timeoutMs });
  await settled(page);
  await page.keyboard.press('Enter');
  return clock;
}

/** Starts an endless flood on a cleared screen; once it is on screen, ms from Ctrl+C to the prompt on screen. */
export async function interruptFlood(page: Page, timeoutMs = 30_000): Promise<number> {
  await clearScreen(page);
  await page.keyboard.type(throughputCommand(FLOOD_FOREVER_BYTES));
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    ({ selector, text }) => document.querySelector(selector)?.textContent?.includes(text) ?? false,
    { selector: ACTIVE_ROWS, text: FLOOD_LINE_TEXT },
    { timeout: timeoutMs },
  );
  const clock = armInPage(page, { trigger: 'keydown', test: { kind: 'prompt' }, timeoutMs });
  await settled(page);
  await page.keyboard.press('Control+C');
  return clock;
}

// Capitals, none repeated: after `clear` the screen holds only the prompt (no capitals), so a prefix of this is on screen only once typed.
const KEYS = 'QZXJKVWYUPMGFHDLCNRB';

/**
 * Types up to 20 keys one at a time; ms from each keydown to its echo on screen. Clears the line after.
 * Each key waits a little longer than the last (20–36 ms, across one frame at 60 Hz): keys sent as soon as
 * the last echo was drawn would all fall at the same point of the page's frame, and measure that point.
 */
export async function echoSamples(page: Page, count: number): Promise<number[]> {
  await clearScreen(page);
  const samples: number[] = [];
  for (let i = 0; i < Math.min(count, KEYS.length); i += 1) {
    await page.waitForTimeout(20 + ((i * 7) % 17));
    const clock = armInPage(page, { trigger: 'keydown', test: { kind: 'includes', text: KEYS.slice(0, i + 1) }, timeoutMs: 10_000 });
    await settled(page);
    await page.keyboard.press(KEYS[i]!);
    samples.push(await clock);
  }
  await page.keyboard.press('Control+U');
  return samples;
}
