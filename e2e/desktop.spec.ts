// The desktop app's own window, on the stand-in Electron (project "desktop"
// only): calls from the window are answered and calls from any other frame
// refused; the app's menu instead of Electron's default (no Ctrl+W closing
// every shell, no reload, no developer tools); the clipboard and notifications
// granted to the app's page; a quit that asks when a tab runs a program and
// then ends the engine; a logout that quits without asking; a crashed page
// loaded again with its tabs; the window's size kept; navigation and new
// windows refused; the app's command line answering `toolshed serve` and --help;
// the packaged layout (electron-builder --dir around the stand-in) running.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { APP_PAGE, STAND_IN, closeAllTerminals, expect, startAnother, test, type DesktopToolshed, type Toolshed } from './support/toolshed.js';
import { removeContainers } from './support/podman.js';
import { FIXTURE_IMAGE, e2eEnv } from './support/server.js';
import { REPO, servingUrl } from '../test/support/serve.js';
import { screenText, withoutWebGL } from './support/domRenderer.js';
import { activePanel, openTabIn, pgrep, typeIntoTerminal } from './support/terminalUi.js';
import { packageWithStandIn } from './support/packagedLayout.js';

const BOX = 'tsh-e2e-desk';

test.beforeAll(() => {
  removeContainers(BOX);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { stdio: 'pipe', cwd: '/tmp' });
});
test.afterAll(() => removeContainers(BOX));
test.beforeEach(async ({ page, toolshed }) => {
  // tabs an earlier test left open would change which one is active (CI: the quit test's terminal went hidden under its click)
  await closeAllTerminals(toolshed);
  await withoutWebGL(page);
  await toolshed.open(page);
  await expect(page.getByText(/podman .* · (root|rootless)/)).toBeVisible();
});

const statusLine = (page: Page) => page.getByText(/podman .* · (root|rootless)/);
const records = (toolshed: Toolshed, kind: string) =>
  toolshed
    .output()
    .split('\n')
    .filter((line) => line.startsWith(`[stand-in] ${kind} `));
const exited = (toolshed: Toolshed) =>
  new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      try {
        process.kill(toolshed.pid(), 0);
      } catch {
        clearInterval(poll);
        resolve();
      }
    }, 100);
  });

test('the window calls the engine over IPC; a call from any other frame is refused with its own code @desktop', async ({ page }) => {
  const reply = await page.evaluate(() =>
    (window as unknown as { toolshed: { call: (m: string, a: unknown) => Promise<{ ok: boolean }> } }).toolshed.call('getStatus', {}),
  );
  expect(reply).toMatchObject({ ok: true });
  // a frame of the app's own origin, but not the window's page, posting what the preload's ipcRenderer posts
  const fromFrame = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>another frame</p>';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve));
    const body = JSON.stringify({ kind: 'invoke', channel: 'toolshed:call', args: ['getStatus', {}] });
    const answer = await frame.contentWindow!.fetch('/__stand-in-electron__/ipc', { method: 'POST', body });
    return answer.json();
  });
  expect(fromFrame).toMatchObject({ result: { ok: false, error: { code: 'FORBIDDEN' } } });
});

test("path fields offer the desktop's file chooser, asked only by the window, its answer checked as if typed @desktop", async ({ page, toolshed }) => {
  const answer = (value: object) => writeFileSync(e2eEnv.STAND_IN_DIALOG_ANSWER!, JSON.stringify(value));
  await page.getByRole('button', { name: 'Restore backup…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore a backup' });
  answer({ path: '/etc/hostname' });
  await dialog.getByRole('button', { name: 'Choose the backup file' }).click();
  await expect(dialog.getByLabel('Backup file (on this machine)')).toHaveValue('/etc/hostname');
  expect(records(toolshed, 'dialog').at(-1)).toContain('"kind":"open","title":"Choose the backup file"');
  expect(records(toolshed, 'dialog').at(-1)).toContain('"properties":["openFile"]');
  // a folder is no file: said as for a typed one
  answer({ path: '/usr' });
  await dialog.getByRole('button', { name: 'Choose the backup file' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('/usr is not a file.');
  // cancelled: the field keeps what it had; the chooser opened where the field pointed
  answer({ canceled: true });
  await dialog.getByRole('button', { name: 'Choose the backup file' }).click();
  await expect.poll(() => records(toolshed, 'dialog').at(-1)).toContain('"defaultPath":"/usr"');
  await expect(dialog.getByLabel('Backup file (on this machine)')).toHaveValue('/usr');
  await page.keyboard.press('Escape');
  // only the window's own frame may open it, with a request of the right form
  const refused = await page.evaluate(async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>another frame</p>';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve));
    const body = JSON.stringify({ kind: 'invoke', channel: 'toolshed:pick-path', args: [{ purpose: 'folder', title: 'x' }] });
    return (await frame.contentWindow!.fetch('/__stand-in-electron__/ipc', { method: 'POST', body })).json();
  });
  expect(refused).toEqual({ result: null });
  const pickPath = (request: object) =>
    page.evaluate((r) => (window as unknown as { toolshed: { pickPath: (r: unknown) => Promise<string | null> } }).toolshed.pickPath(r), request);
  const dialogs = records(toolshed, 'dialog').length;
  expect(await pickPath({ purpose: 'folder', title: 'x', defaultPath: 'relative' })).toBeNull();
  expect(await pickPath({ purpose: 'anything', title: 'x' })).toBeNull();
  expect(records(toolshed, 'dialog')).toHaveLength(dialogs);
  expect(toolshed.output()).toContain('refused a file chooser asked by a frame that is not the Toolshed window');
});

test("the app's menu, not Electron's default: Ctrl+W, Ctrl+R and Ctrl+Shift+I do nothing to the window @desktop", async ({ page, toolshed }) => {
  expect(records(toolshed, 'applicationMenu').at(-1)).toContain('"&File","&Edit","&View","&Help"');
  const before = { devTools: records(toolshed, 'devTools').length, menu: records(toolshed, 'menu').length };
  await page.evaluate(() => Object.assign(window, { beforeTheKeys: true }));
  await page.getByRole('button', { name: 'Refresh' }).focus();
  for (const keys of ['Control+W', 'Control+R', 'Control+Shift+I']) await page.keyboard.press(keys);
  // give an accelerator the time to act
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { beforeTheKeys?: boolean }).beforeTheKeys)).toBe(true);
  expect(records(toolshed, 'devTools')).toHaveLength(before.devTools);
  expect(records(toolshed, 'menu')).toHaveLength(before.menu);
  await expect(statusLine(page)).toBeVisible();
});

test('the terminal copies with Ctrl+Shift+C and pastes with Ctrl+Shift+V; notifications are allowed @desktop', async ({ page }) => {
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');
  await openTabIn(page, BOX);
  await typeIntoTerminal(page, 'echo "copy-me-$((6*7))"');
  // a triple click selects the line (the rows redraw with the cursor's blink: clicked where they are, not waited on)
  const row = activePanel(page).locator('.xterm-rows > div', { hasText: /^copy-me-42\s*$/ });
  await expect(row).toBeVisible();
  const box = (await row.boundingBox())!;
  await page.mouse.click(box.x + 20, box.y + box.height / 2, { clickCount: 3 });
  await page.keyboard.press('Control+Shift+C');
  // pasted once, after what is typed
  await activePanel(page).locator('.xterm-screen').click();
  await page.keyboard.type('echo pasted:');
  await page.keyboard.press('Control+Shift+V');
  await expect.poll(() => screenText(page)).toMatch(/# echo pasted:copy-me-42\s*$/m);
  await page.keyboard.press('Enter');
  await expect.poll(() => screenText(page)).toMatch(/^pasted:copy-me-42$/m);
});

test('navigation away from the app and new windows are refused; a web link goes to the system browser @desktop', async ({ page, toolshed }) => {
  await page.evaluate(() => window.open('https://containertoolbx.org/', '_blank'));
  await expect.poll(() => records(toolshed, 'openExternal')).toContain('[stand-in] openExternal "https://containertoolbx.org/"');
  await page.evaluate(() => (location.href = 'https://evil.example/'));
  await page.waitForTimeout(500);
  expect(page.url()).toBe(APP_PAGE);
  await expect(statusLine(page)).toBeVisible();
});

test('a crashed page is loaded again, and its tabs come back with their screens @desktop', async ({ page, toolshed }) => {
  await openTabIn(page, BOX);
  await typeIntoTerminal(page, 'echo "before-the-crash-$((3*3))"');
  await expect.poll(() => screenText(page)).toMatch(/^before-the-crash-9$/m);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.crash').catch(() => undefined);
  await expect.poll(() => toolshed.output()).toContain("the window's page ended (crashed");
  // the reloaded window, through a connection of its own
  const { window, close } = await (toolshed as DesktopToolshed).connect();
  try {
    await expect(statusLine(window)).toBeVisible();
    await expect(window.getByRole('tab', { selected: true })).toContainText(BOX);
    // its screen, read from the DOM renderer: this connection's page is new, so it takes the script and loads again
    await withoutWebGL(window);
    await window.reload();
    await expect.poll(() => screenText(window)).toMatch(/^before-the-crash-9$/m);
  } finally {
    await close();
  }
});

test('Quit (Ctrl+Q) asks when a tab runs a program, naming it; quitting ends the engine and every shell @desktop', async ({ page, toolshed }) => {
  await openTabIn(page, BOX);
  await typeIntoTerminal(page, 'sleep 4949');
  await expect.poll(() => pgrep('sleep 4949').length).toBe(1);
  await page.getByRole('button', { name: 'Refresh' }).focus();
  await page.keyboard.press('Control+Q');
  const dialog = page.getByRole('dialog', { name: 'Quit Toolshed?' });
  await expect(dialog).toContainText('sleep in the tab');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForTimeout(300);
  expect(pgrep('sleep 4949')).toHaveLength(1);
  await expect(statusLine(page)).toBeVisible();

  const gone = exited(toolshed);
  await page.getByRole('button', { name: 'Refresh' }).focus();
  await page.keyboard.press('Control+Q');
  await dialog.getByRole('button', { name: 'Quit anyway' }).click();
  await gone;
  expect(records(toolshed, 'quit')).toContain('[stand-in] quit 0');
  // will-quit disposed the engine: the tab's shell and its sleep ended with it
  await expect.poll(() => pgrep('sleep 4949')).toEqual([]);
});

test('a logout (SIGTERM) quits without asking, and ends every shell @desktop', async ({ page, toolshed }) => {
  await openTabIn(page, BOX);
  await typeIntoTerminal(page, 'sleep 5050');
  await expect.poll(() => pgrep('sleep 5050').length).toBe(1);
  const gone = exited(toolshed);
  process.kill(toolshed.pid(), 'SIGTERM');
  await gone;
  await expect.poll(() => pgrep('sleep 5050')).toEqual([]);
});

test('the window keeps its size across runs; a saved state off every screen is not used @desktop', async ({ toolshed }) => {
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-window-'));
  const stateFile = path.join(configHome, 'toolshed', 'window-state.json');
  mkdirSync(path.dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, JSON.stringify({ x: 40, y: 60, width: 1000, height: 700, maximized: false }));
  const app = (await startAnother(toolshed.kind, { env: { XDG_CONFIG_HOME: configHome, XDG_STATE_HOME: path.join(configHome, 'state') } })) as DesktopToolshed;
  try {
    const { window, close } = await app.connect();
    expect(await window.evaluate(() => [innerWidth, innerHeight])).toEqual([1000, 700]);
    expect(records(app, 'windowIcon')[0]).toMatch(/dist\/icons\/256x256\.png"$/);
    await close();
    await app.stop();
    // what it kept when it closed
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ width: 1000, height: 700, maximized: false });

    writeFileSync(stateFile, JSON.stringify({ x: -9000, y: 99999, width: 'wide', height: 700 }));
    const again = (await startAnother(toolshed.kind, {
      env: { XDG_CONFIG_HOME: configHome, XDG_STATE_HOME: path.join(configHome, 'state') },
    })) as DesktopToolshed;
    const second = await again.connect();
    expect(await second.window.evaluate(() => [innerWidth, innerHeight])).toEqual([1200, 800]);
    await second.close();
    await again.stop();
  } finally {
    await app.stop();
    rmSync(configHome, { recursive: true, force: true });
  }
});

test('the app answers the CLI: --help prints the usage and exits, serve serves the UI and opens no window @desktop', async ({ browser }) => {
  const page = await browser.newPage();
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-cli-'));
  const env = { ...e2eEnv, XDG_CONFIG_HOME: configHome, XDG_STATE_HOME: path.join(configHome, 'state'), TOOLSHED_TOKEN: 'desktop-cli-token-0123456789' };
  try {
    const help = spawnSync(process.execPath, [STAND_IN, REPO, '--help'], { cwd: REPO, env, encoding: 'utf8', timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stderr).toContain('Usage: toolshed serve');
    expect(help.stderr).not.toContain('[stand-in] window');

    const served = spawn(process.execPath, [STAND_IN, REPO, 'serve', '--another', '--port', '0'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    served.stderr.on('data', (data: Buffer) => (log += data.toString()));
    try {
      const url = await servingUrl(served);
      await page.goto(url);
      await expect(statusLine(page)).toBeVisible();
      expect(log).not.toContain('[stand-in] window');
    } finally {
      served.kill('SIGTERM');
      await page.close();
    }
  } finally {
    rmSync(configHome, { recursive: true, force: true });
  }
});

test('the packaged app (electron-builder on the stand-in Electron) finds its files where the package puts them; what it runs or mounts is outside the archive @desktop', async ({
  toolshed,
}) => {
  const executable = packageWithStandIn();
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-packaged-'));
  const dataHome = path.join(configHome, 'data');
  // Toolshed's own init script (no host toolbox binary): the file toolboxes mount
  mkdirSync(path.join(configHome, 'toolshed'), { recursive: true });
  writeFileSync(path.join(configHome, 'toolshed', 'settings.json'), JSON.stringify({ toolboxBinary: '' }));
  // a runtime folder of its own: the suite's app serves the host agent's socket in the shared one
  const runtimeDir = path.join(configHome, 'run');
  mkdirSync(runtimeDir, { mode: 0o700 });
  const app = (await startAnother(toolshed.kind, {
    executable,
    env: { XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: dataHome, XDG_STATE_HOME: path.join(configHome, 'state'), XDG_RUNTIME_DIR: runtimeDir },
  })) as DesktopToolshed;
  const PACKAGED = 'tsh-e2e-packaged';
  removeContainers(PACKAGED);
  try {
    expect(records(app, 'setAsDefaultProtocolClient')).toEqual(['[stand-in] setAsDefaultProtocolClient "toolshed"']);
    const { window, close } = await app.connect();
    try {
      // the renderer and the preload, from inside app.asar (a second app starting beside the suite's: given a minute)
      await expect(statusLine(window), `the packaged app's window; its log:\n${app.output().slice(-3000)}`).toBeVisible({ timeout: 60_000 });
      // toolshed-host, run from app.asar.unpacked (copied into the data folder)
      await expect.poll(() => app.output()).toContain('Toolbox commands reach the host');
      // a tab: node-pty's addon and the screen's worker thread
      await withoutWebGL(window);
      await app.open(window);
      await openTabIn(window, BOX);
      await typeIntoTerminal(window, 'echo "packaged-$((6*7))"');
      await expect.poll(() => screenText(window)).toMatch(/^packaged-42$/m);
      // a toolbox made with the bundled init script mounts it from outside the archive, and runs
      await app.call('createToolbox', {
        name: PACKAGED,
        image: FIXTURE_IMAGE,
        options: { volumes: [], env: [], ulimitHost: false },
        operationId: 'packaged-1',
      });
      const mounts = JSON.parse(execFileSync('podman', ['inspect', '--format', '{{json .Mounts}}', PACKAGED], { encoding: 'utf8' })) as {
        Source: string;
        Destination: string;
      }[];
      const init = mounts.find((mount) => mount.Source.endsWith('toolbox-init.sh'));
      expect(init?.Source).toBe(path.join(dataHome, 'toolshed', 'toolbox-init.sh'));
      expect(execFileSync('podman', ['inspect', '--format', '{{.State.Status}}', PACKAGED], { encoding: 'utf8' }).trim()).toBe('running');
      expect(app.output()).not.toContain('inside app.asar');
    } finally {
      await close();
    }
  } finally {
    await app.stop();
    removeContainers(PACKAGED);
    rmSync(configHome, { recursive: true, force: true });
    rmSync(path.dirname(path.dirname(path.dirname(executable))), { recursive: true, force: true });
  }
});
