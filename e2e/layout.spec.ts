// What a newcomer trips over in the layout: a 64-character name (legal) in the
// Remove dialog and the details, a narrow window, the split between the list
// and the terminals (resizable, remembered), tab labels and the active tab
// across a reload, and the wizard's summary following the tab the user is on.
import { execFileSync } from 'node:child_process';
import type { Locator, Page } from '@playwright/test';
import { closeAllTerminals, expect, test } from './support/toolshed.js';
import { removeContainers } from './support/podman.js';
import { FIXTURE_IMAGE } from './support/server.js';
import { layoutProblems } from './support/layoutChecks.js';
import { openTabIn } from './support/terminalUi.js';
import { withoutWebGL } from './support/domRenderer.js';

const LONG = `tsh-layout-${'x'.repeat(64 - 'tsh-layout-'.length)}`;
const BOX = 'tsh-layout-box';

test.beforeAll(() => {
  removeContainers(LONG, BOX);
  execFileSync('podman', ['create', '--name', LONG, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'true'], { stdio: 'pipe' });
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { stdio: 'pipe', cwd: '/tmp' });
});
// tabs other specs left open would share the bar
test.beforeEach(({ toolshed }) => closeAllTerminals(toolshed));
test.afterAll(async ({ toolshed }) => {
  await closeAllTerminals(toolshed).catch(() => undefined);
  removeContainers(LONG, BOX);
});

/** Whether the element lies wholly inside the window (not cut off or pushed out of view). */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
}

const row = (page: Page, name: string) => page.locator(`li[role="option"][data-name="${name}"]`);

test('a 64-character name: the Remove dialog keeps its buttons in view, the details wrap the name', async ({ page, toolshed }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await toolshed.open(page);
  await row(page, LONG).click();
  const details = page.getByRole('region', { name: `Details of ${LONG}` });
  const heading = details.getByRole('heading', { name: LONG });
  expect(await heading.evaluate((h) => h.scrollWidth <= h.clientWidth + 1)).toBe(true);
  await details.getByRole('button', { name: 'Remove…' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${LONG}?` });
  await expect(dialog).toBeVisible();
  expect(await inView(page, dialog.getByRole('button', { name: 'Cancel' }))).toBe(true);
  expect(await inView(page, dialog.getByRole('button', { name: `Remove ${LONG}` }))).toBe(true);
  expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth + 1)).toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('a narrow window: every toolbar and details button stays in view', async ({ page, toolshed }) => {
  await page.setViewportSize({ width: 640, height: 720 });
  await toolshed.open(page);
  for (const name of ['Create toolbox…', 'Stop all', 'Refresh the list', 'Settings']) {
    expect(await inView(page, page.getByRole('button', { name, exact: true })), name).toBe(true);
  }
  await row(page, BOX).click();
  const details = page.getByRole('region', { name: `Details of ${BOX}` });
  await details.scrollIntoViewIfNeeded();
  for (const name of ['Open terminal', 'Start', 'Restart', 'Rename', 'Remove…']) {
    const button = details.getByRole('button', { name, exact: true });
    await button.scrollIntoViewIfNeeded();
    expect(await inView(page, button), name).toBe(true);
  }
});

test('tabs: numbered in one toolbox, kept in order with the active one across a reload; the split resizes and is remembered', async ({ page, toolshed }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await toolshed.open(page);
  await row(page, BOX).click();
  const open = page.getByRole('region', { name: `Details of ${BOX}` }).getByRole('button', { name: 'Open terminal' });
  for (let i = 0; i < 3; i += 1) {
    await open.click();
    await expect(page.getByRole('tab')).toHaveCount(i + 1, { timeout: 30_000 });
  }
  const labels = () =>
    page
      .getByRole('tab')
      .evaluateAll((tabs) =>
        tabs.map(
          (t) =>
            t.querySelector('.terminal-place')!.textContent +
            (t.querySelector('.terminal-number')?.textContent ? ` #${t.querySelector('.terminal-number')!.textContent}` : ''),
        ),
      );
  await expect.poll(labels).toEqual([BOX, `${BOX} #2`, `${BOX} #3`]);
  await page.getByRole('tab').nth(1).click();

  const list = page.locator('.app > main');
  const before = (await list.boundingBox())!.height;
  const handle = page.getByRole('separator', { name: 'Resize the container list and the terminals' });
  await handle.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const after = (await list.boundingBox())!.height;
  expect(after).toBeGreaterThan(before + 50);

  await page.reload();
  await expect.poll(labels).toEqual([BOX, `${BOX} #2`, `${BOX} #3`]);
  await expect(page.getByRole('tab').nth(1)).toHaveAttribute('aria-selected', 'true');
  expect(Math.abs((await list.boundingBox())!.height - after)).toBeLessThan(4);
});

test("the wizard's summary and Create follow the tab the user is on", async ({ page, toolshed }) => {
  await toolshed.open(page);
  await page.getByRole('button', { name: 'Create toolbox…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a toolbox' });
  const summary = dialog.locator('p.chosen');
  // the machine's default: a catalogue image is chosen
  await expect(summary).toContainText('Image:');
  await dialog.getByLabel('Name', { exact: true }).fill('tsh-layout-wizard');
  for (const tab of ['Other image', 'On this machine']) {
    await dialog.getByRole('tab', { name: tab }).click();
    await expect(summary).toContainText('Choose an image.');
    await expect(dialog.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
  }
  await dialog.getByRole('tab', { name: 'Distributions' }).click();
  await expect(summary).toContainText('Image:');
  await expect(dialog.getByRole('button', { name: 'Create', exact: true })).toBeEnabled();
  // the name typed stays what was typed
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('tsh-layout-wizard');
});

for (const [width, height] of [
  [1280, 800],
  [800, 600],
] as const) {
  test(`at ${width}×${height}: no label, badge or name cut off or sticking out, in the details, the wizard and the settings`, async ({ page, toolshed }) => {
    await page.setViewportSize({ width, height });
    await toolshed.open(page);
    await row(page, BOX).click();
    const details = page.getByRole('region', { name: `Details of ${BOX}` });
    await details.getByRole('button', { name: 'Back up to a file…' }).click();
    await details.getByLabel('Backup file (on this machine)').fill('/tmp/a-rather-long-folder-name/and-a-backup-file-name.tar');
    await page.screenshot({ path: test.info().outputPath('details.png') });
    expect(await layoutProblems(details), 'details').toEqual([]);
    expect(await layoutProblems(page.getByRole('region', { name: 'Containers' })), 'the list').toEqual([]);
    await details.getByRole('button', { name: 'Edit setup…' }).click();
    const setup = page.getByRole('dialog', { name: `Setup of ${BOX}` });
    await expect(setup.getByLabel('Hostname')).toBeVisible();
    expect(await layoutProblems(setup), 'setup').toEqual([]);
    await setup.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await page.screenshot({ path: test.info().outputPath('settings.png') });
    expect(await layoutProblems(settings), 'settings').toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Create toolbox…' }).click();
    const wizard = page.getByRole('dialog', { name: 'Create a toolbox' });
    await page.screenshot({ path: test.info().outputPath('wizard-distributions.png') });
    expect(await layoutProblems(wizard), 'wizard, distributions').toEqual([]);
    await wizard.getByRole('tab', { name: 'On this machine' }).click();
    await expect(wizard.getByText(FIXTURE_IMAGE.replace(/^localhost\//, '')).first()).toBeVisible();
    // a long name is cut in its repository, never at its tag (what tells the fixture's images apart)
    const tagsShown = await wizard.locator('.image-name').evaluateAll((names) =>
      names.map((name) => {
        const tag = name.querySelector('.image-tag')!;
        return {
          tag: tag.textContent,
          whole: tag.getBoundingClientRect().right <= name.getBoundingClientRect().right + 0.5 && tag.scrollWidth <= tag.clientWidth + 1,
        };
      }),
    );
    expect(tagsShown).toContainEqual({ tag: ':bookworm', whole: true });
    expect(tagsShown.every((t) => t.whole)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('wizard-local.png') });
    expect(await layoutProblems(wizard), 'wizard, on this machine').toEqual([]);
    await page.keyboard.press('Escape');
  });
}

test('at 800×600 with a terminal open, the details keep room to be read', async ({ page, toolshed }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await withoutWebGL(page);
  await toolshed.open(page);
  await openTabIn(page, BOX);
  await page.screenshot({ path: test.info().outputPath('terminal-800x600.png') });
  const details = page.getByRole('region', { name: `Details of ${BOX}` });
  expect((await details.boundingBox())!.height).toBeGreaterThanOrEqual(200);
});
