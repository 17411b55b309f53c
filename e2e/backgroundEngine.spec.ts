// Sessions that outlive the window: with the background engine running (as
// systemd's socket unit starts it), the desktop app and `toolshed serve` attach
// to it; closing the window (or stopping the serve) leaves a tab and its
// program running, opening Toolshed again brings the tab back with its screen,
// and the desktop app's Quit names the tab, then ends the engine and the tab.
import { expect, showUi, startAnother, test, type Toolshed } from './support/toolshed.js';
import { startBackgroundService, type BackgroundService } from '../test/support/backgroundEngine.js';
import { screenText, withoutWebGL } from './support/domRenderer.js';
import { pgrep, typeIntoTerminal } from './support/terminalUi.js';

let service: BackgroundService | undefined;
const instances: Toolshed[] = [];
// eslint-disable-next-line no-empty-pattern -- Playwright reads a hook's fixtures from this pattern
test.afterEach(async ({}, testInfo) => {
  if (service && testInfo.status !== testInfo.expectedStatus) {
    process.stderr.write(`\n--- the background engine's log ---\n${service.output()}\n---\n`);
    for (const instance of instances) process.stderr.write(`\n--- ${instance.kind} Toolshed's log ---\n${instance.output()}\n---\n`);
  }
  instances.length = 0;
  await service?.stop();
  service = undefined;
});

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

test('closing the window leaves a tab of the background engine running; Toolshed opened again shows it; Quit names it and ends it', async ({
  page,
  shellKind,
}) => {
  service = await startBackgroundService({ build: false });
  const { XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME } = service.env;
  const env = { XDG_RUNTIME_DIR: XDG_RUNTIME_DIR!, XDG_CONFIG_HOME: XDG_CONFIG_HOME!, XDG_STATE_HOME: XDG_STATE_HOME!, XDG_DATA_HOME: XDG_DATA_HOME! };

  // the screen is read below: xterm.js draws with its DOM renderer (no WebGL)
  const options = { env, switches: ['--disable-webgl'] };
  await withoutWebGL(page);
  const first = await startAnother(shellKind, options);
  instances.push(first);
  const ui = await showUi(first, page);
  // a host tab: Ctrl+Shift+T where there is no tab yet
  await ui.page.getByRole('button', { name: 'Refresh the list' }).focus();
  await ui.page.keyboard.press('Control+Shift+T');
  await expect(ui.page.getByRole('tab', { selected: true }).locator('.terminal-place')).toHaveText('host');
  await expect.poll(() => screenText(ui.page)).toMatch(/[#$] +$/m);
  await typeIntoTerminal(ui.page, 'sleep 4646');
  await expect.poll(() => pgrep('^sleep 4646$').length).toBe(1);
  expect(first.output()).toContain('attached to the background engine');

  // closing the window (on the desktop: its page goes, as when the window manager closes it; the app
  // then quits, its engine being someone else's) or the serve
  if (shellKind === 'desktop') {
    await ui.page.close();
    await expect.poll(() => gone(first.pid()), { timeout: 15_000 }).toBe(true);
  }
  await ui.close();
  await first.stop();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(pgrep('^sleep 4646$')).toHaveLength(1);

  const second = await startAnother(shellKind, options);
  instances.push(second);
  try {
    const again = await showUi(second, page);
    await expect(again.page.getByRole('tab')).toHaveCount(1);
    await expect.poll(() => screenText(again.page)).toContain('sleep 4646');
    if (shellKind === 'desktop') {
      await again.page.getByRole('button', { name: 'Refresh the list' }).focus();
      await again.page.keyboard.press('Control+Q');
      const dialog = again.page.getByRole('dialog', { name: 'Quit Toolshed?' });
      await expect(dialog).toContainText('Its background engine ends, and with it the tab');
      await expect(dialog).toContainText('sleep in the tab');
      await dialog.getByRole('button', { name: 'Quit and end it' }).click();
      await service.exited;
      await expect.poll(() => pgrep('^sleep 4646$')).toEqual([]);
      await expect.poll(() => gone(second.pid()), { timeout: 15_000 }).toBe(true);
    }
    await again.close();
  } finally {
    await second.stop();
  }
});
