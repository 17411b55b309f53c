// Desktop integration against real podman and a toolbox made by the toolbox
// CLI, with entries written under a temporary XDG_DATA_HOME: every file
// passes desktop-file-validate; an exported app's Exec line, run as a desktop
// would run it, runs the app inside the toolbox (also when it was stopped);
// a user's file with a clashing name is left untouched; renaming the toolbox
// moves its entries; removing it removes exactly its entries and icons.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { findGroup, parseDesktopFile, parseExec, rawValue, stringValue } from '../../electron/services/desktop/desktopEntry.js';
import { expandExec } from '../support/desktopExec.js';
import { ownershipOf } from '../../electron/services/desktop/ownership.js';
import { runnerScript } from '../../electron/services/desktop/runnerScript.js';
import { desktopValidatorMissing, validateDesktopFile } from '../support/desktopValidate.js';
import { FIXTURE_IMAGE, PODMAN_AS_TOOLSHED, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { ROOTLESS_USER, asRootlessUser } from '../support/rootless.js';
import { pollUntil } from '../support/poll.js';

const why = missing({ fixture: true, toolbox: true }) ?? desktopValidatorMissing();
const BOX = 'tsh-desk-box';
const RENAMED = 'tsh-desk-renamed';
const OTHER = 'tsh-desk-other';
const NEW = 'tsh-desk-new';
const GONE = 'tsh-desk-gone';
const ALL = [BOX, RENAMED, OTHER, NEW, GONE];
const PROOF = '/tmp/tsh-desk-proof';

// The app put into the toolbox: it writes where it ran, as whom and with what, to the shared /tmp.
const APP_SCRIPT = `#!/bin/sh
{ echo "container=$(sed -n 's/^name="\\(.*\\)"$/\\1/p' /run/.containerenv)"
  echo "id=$(sed -n 's/^id="\\(.*\\)"$/\\1/p' /run/.containerenv)"
  echo "toolbox=$([ -e /run/.toolboxenv ] && echo yes)"
  echo "user=$(id -un)"
  echo "pwd=$(pwd)"
  echo "display=\${DISPLAY-}"
  echo "wayland=\${WAYLAND_DISPLAY-}"
  for a in "$@"; do echo "arg=$a"; done
} > ${PROOF}.tmp && mv ${PROOF}.tmp ${PROOF}
`;
const APP_ENTRY = `[Desktop Entry]
Type=Application
Name=Hello Desk
Name[de]=Hallo Desk
Comment=Says where it runs
Exec=tsh-hello --from-menu %U
TryExec=tsh-hello
Icon=tsh-hello
Categories=Utility;
MimeType=text/x-tsh-hello;
Actions=again;

[Desktop Action again]
Name=Again
Exec=tsh-hello --again
`;
const HIDDEN_ENTRY = '[Desktop Entry]\nType=Application\nName=Hidden\nExec=true\nNoDisplay=true\n';
const ICON = Buffer.from(new Resvg(readFileSync(new URL('../../assets/icon.svg', import.meta.url)), { fitTo: { mode: 'width', value: 48 } }).render().asPng());

function inBox(container: string, script: string, input?: Buffer | string): void {
  execFileSync('podman', ['exec', '-i', '--user', 'root', container, 'sh', '-c', script], {
    cwd: '/tmp',
    input: input ?? '',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

function runArgv(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { env, cwd: '/', timeout: 90_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stderr });
    });
  });
}

/** Every file under a folder, relative to it (the test's XDG_DATA_HOME). */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

describe.skipIf(why)(`desktop entries on real podman${why ? ` (skipped: ${why})` : ''}`, () => {
  const dataHome = mkdtempSync(path.join(os.tmpdir(), 'tsh-desk-xdg-'));
  const applications = path.join(dataHome, 'applications');
  const env = { ...process.env, XDG_DATA_HOME: dataHome, TOOLSHED_LAUNCH_COMMAND: '/opt/Toolshed/toolshed' };
  const usersFile = path.join(applications, `toolshed-${BOX}.desktop`);
  const usersText = '[Desktop Entry]\nType=Application\nName=My own entry\nExec=true\n';
  let engine: Engine;

  /** desktop-file-validate on every entry Toolshed wrote; returns them. */
  function validateAll(): string[] {
    const owned = readdirSync(applications)
      .filter((n) => n.endsWith('.desktop'))
      .map((n) => path.join(applications, n))
      .filter((f) => ownershipOf(readFileSync(f, 'utf8')) !== null);
    for (const file of owned) expect(validateDesktopFile(file), file).toBe('');
    return owned;
  }

  beforeAll(() => {
    removeContainers(ALL);
    for (const name of [BOX, OTHER]) execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, name], { cwd: '/tmp', stdio: 'pipe' });
    podman('start', BOX);
    inBox(
      BOX,
      'mkdir -p /usr/share/applications /usr/share/icons/hicolor/48x48/apps && cat > /usr/local/bin/tsh-hello && chmod 755 /usr/local/bin/tsh-hello',
      APP_SCRIPT,
    );
    inBox(BOX, 'cat > /usr/share/applications/tsh-hello.desktop', APP_ENTRY);
    inBox(BOX, 'cat > /usr/share/applications/tsh-hidden.desktop', HIDDEN_ENTRY);
    inBox(BOX, 'cat > /usr/share/icons/hicolor/48x48/apps/tsh-hello.png', ICON);
    mkdirSync(applications, { recursive: true });
    writeFileSync(usersFile, usersText);
    engine = testEngine({ env });
  });

  afterAll(() => {
    engine?.dispose();
    removeContainers(ALL);
    rmSync(dataHome, { recursive: true, force: true });
    rmSync(PROOF, { force: true });
  });

  it('writes a launcher that validates, beside (not over) a user file with the same name', async () => {
    const { file } = await engine.api.setLauncher({ container: BOX, enabled: true });
    expect(file).toBe(path.join(applications, `toolshed-${BOX}-2.desktop`));
    expect(readFileSync(usersFile, 'utf8')).toBe(usersText);
    const main = findGroup(parseDesktopFile(readFileSync(file!, 'utf8')), 'Desktop Entry');
    expect(parseExec(rawValue(main, 'Exec')!)).toEqual(['/opt/Toolshed/toolshed', '--open', BOX]);
    const icon = stringValue(main, 'Icon')!;
    expect(icon).toBe(path.join(dataHome, 'icons/hicolor/scalable/apps', `toolshed-${BOX}.svg`));
    expect(readFileSync(icon, 'utf8')).toMatch(/<svg/);
    expect(await engine.api.listLaunchers({})).toEqual([{ container: BOX, file }]);
    validateAll();
    // again: the same file, no second entry
    expect((await engine.api.setLauncher({ container: BOX, enabled: true })).file).toBe(file);
    await engine.api.setLauncher({ container: OTHER, enabled: true });
    expect(validateAll()).toHaveLength(2);
  });

  it("lists the toolbox's apps in one exec, without hidden ones", async () => {
    const apps = await engine.api.listContainerApps({ container: BOX });
    expect(apps.find((a) => a.desktopFile === 'tsh-hello.desktop')).toEqual({
      desktopFile: 'tsh-hello.desktop',
      name: 'Hello Desk',
      exec: 'tsh-hello --from-menu %U',
      icon: 'tsh-hello',
      exported: false,
    });
    expect(apps.some((a) => a.desktopFile === 'tsh-hidden.desktop')).toBe(false);
  });

  it('exports an app: a valid entry, its icon copied, the MIME cache refreshed', async () => {
    const { file } = await engine.api.exportApp({ container: BOX, desktopFile: 'tsh-hello.desktop' });
    expect(path.basename(file)).toBe(`toolshed-${BOX}+tsh-hello.desktop`);
    const main = findGroup(parseDesktopFile(readFileSync(file, 'utf8')), 'Desktop Entry');
    expect(stringValue(main, 'Name')).toBe(`Hello Desk (${BOX})`);
    expect(stringValue(main, 'Name[de]')).toBe(`Hallo Desk (${BOX})`);
    expect(rawValue(main, 'TryExec')).toBeUndefined();
    const icon = stringValue(main, 'Icon')!;
    expect(icon).toBe(path.join(dataHome, 'icons/hicolor/48x48/apps', `toolshed-${BOX}+tsh-hello.png`));
    expect(readFileSync(icon).equals(ICON)).toBe(true);
    validateAll();
    // update-desktop-database (desktop-file-utils, which prepare-machine installs) made the MIME cache
    expect(readFileSync(path.join(applications, 'mimeinfo.cache'), 'utf8')).toContain(`text/x-tsh-hello=toolshed-${BOX}+tsh-hello.desktop`);
    expect((await engine.api.listContainerApps({ container: BOX })).find((a) => a.desktopFile === 'tsh-hello.desktop')?.exported).toBe(true);
  });

  async function runExported(file: string, group = 'Desktop Entry') {
    rmSync(PROOF, { force: true });
    const exec = rawValue(findGroup(parseDesktopFile(readFileSync(file, 'utf8')), group), 'Exec')!;
    const argv = expandExec(parseExec(exec), { urls: ['file:///tmp/a b.txt'] });
    const result = await runArgv(argv, { ...env, DISPLAY: ':42', WAYLAND_DISPLAY: 'wayland-42' });
    expect(result, result.stderr).toMatchObject({ code: 0 });
    return readFileSync(PROOF, 'utf8');
  }

  it("runs the exported Exec line inside the toolbox, as the user, in the home, with the session's display", async () => {
    const [file] = readdirSync(applications).filter((n) => n.includes('+tsh-hello'));
    const proof = await runExported(path.join(applications, file!));
    expect(proof).toContain(`container=${BOX}\n`);
    expect(proof).toContain('toolbox=yes\n');
    expect(proof).toContain(`user=${os.userInfo().username}\n`);
    expect(proof).toContain(`pwd=${process.env.HOME}\n`);
    expect(proof).toContain('display=:42\nwayland=wayland-42\n');
    expect(proof).toContain('arg=--from-menu\narg=file:///tmp/a b.txt\n');
    expect(await runExported(path.join(applications, file!), 'Desktop Action again')).toContain('arg=--again\n');
  });

  it('starts a stopped toolbox first, as toolbox run does', async () => {
    podman('stop', '--time', '1', BOX);
    const [file] = readdirSync(applications).filter((n) => n.includes('+tsh-hello'));
    expect(await runExported(path.join(applications, file!))).toContain(`container=${BOX}\n`);
    expect(podman('inspect', '--format', '{{.State.Running}}', BOX)).toBe('true');
  });

  it('gives a new toolbox a launcher when launcherByDefault is on', async () => {
    await engine.api.listContainers({}); // the engine follows podman events from here
    await engine.api.updateSettings({ launcherByDefault: true });
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, NEW], { cwd: '/tmp', stdio: 'pipe' });
    const launchers = await pollUntil('the launcher of the new toolbox', async () => {
      const list = await engine.api.listLaunchers({});
      return list.some((l) => l.container === NEW) && list;
    });
    expect(launchers.map((l) => l.container).sort()).toEqual([BOX, NEW, OTHER].sort());
    await engine.api.updateSettings({ launcherByDefault: false });
    validateAll();
  });

  it('moves the entries of a renamed toolbox to its new name', async () => {
    const id = podman('inspect', '--format', '{{.Id}}', BOX);
    await engine.api.renameContainer({ container: id, newName: RENAMED });
    const moved = await pollUntil('the renamed entries', async () => {
      const names = readdirSync(applications);
      // every entry of the old name gone (the app's and the launcher, which go one after the other)
      const oldGone = !names.some((n) => n.startsWith(`toolshed-${BOX}+`) || n === `toolshed-${BOX}-2.desktop`);
      return names.includes(`toolshed-${RENAMED}+tsh-hello.desktop`) && names.some((n) => n === `toolshed-${RENAMED}.desktop`) && oldGone && names;
    });
    expect(moved).not.toContain(`toolshed-${BOX}-2.desktop`);
    expect(readFileSync(usersFile, 'utf8')).toBe(usersText);
    validateAll();
    // (.containerenv keeps the name the container was started with: compare ids)
    expect(await runExported(path.join(applications, `toolshed-${RENAMED}+tsh-hello.desktop`))).toContain(`id=${id}\n`);
    expect((await engine.api.listLaunchers({})).map((l) => l.container).sort()).toEqual([NEW, OTHER, RENAMED].sort());
  });

  it('unexports an app: its entry and icon go, nothing else', async () => {
    await engine.api.exportApp({ container: RENAMED, desktopFile: 'tsh-hello.desktop' }); // idempotent
    const before = filesUnder(dataHome);
    expect(await engine.api.unexportApp({ container: RENAMED, desktopFile: 'tsh-hello.desktop' })).toEqual({ removed: true });
    const gone = before.filter((f) => !filesUnder(dataHome).includes(f));
    expect(gone.sort()).toEqual([`applications/toolshed-${RENAMED}+tsh-hello.desktop`, `icons/hicolor/48x48/apps/toolshed-${BOX}+tsh-hello.png`].sort());
    expect(await engine.api.unexportApp({ container: RENAMED, desktopFile: 'tsh-hello.desktop' })).toEqual({ removed: false });
    await engine.api.exportApp({ container: RENAMED, desktopFile: 'tsh-hello.desktop' });
  });

  it('removing the toolbox removes exactly its entries and icons', async () => {
    const before = filesUnder(dataHome);
    const mine = before.filter((f) => f.includes(`toolshed-${RENAMED}`));
    expect(mine.sort()).toEqual(
      [
        `applications/toolshed-${RENAMED}.desktop`,
        `applications/toolshed-${RENAMED}+tsh-hello.desktop`,
        `icons/hicolor/48x48/apps/toolshed-${RENAMED}+tsh-hello.png`,
        `icons/hicolor/scalable/apps/toolshed-${RENAMED}.svg`,
      ].sort(),
    );
    const id = podman('inspect', '--format', '{{.Id}}', RENAMED);
    await engine.api.removeContainer({ id, name: RENAMED, force: true });
    const after = await pollUntil('the entries of the removed toolbox to go', () => {
      const now = filesUnder(dataHome);
      return !now.some((f) => f.includes(RENAMED)) && now;
    });
    // the desktop database (and the temporary file update-desktop-database renames into place) is not an entry
    const database = (f: string) => /(^|\/)\.?mimeinfo\.cache/.test(f);
    expect(after.filter((f) => !database(f))).toEqual(before.filter((f) => !mine.includes(f) && !database(f)));
    expect(readFileSync(usersFile, 'utf8')).toBe(usersText);
    validateAll();
  });

  it('removes, once it has started, the entries of a toolbox removed while Toolshed was not running; listing them writes nothing', async () => {
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, GONE], { cwd: '/tmp', stdio: 'pipe' });
    await engine.api.setLauncher({ container: GONE, enabled: true });
    engine.dispose();
    podman('rm', '--force', GONE);
    engine = testEngine({ env });
    // the list leaves out what is not swept yet
    const launchers = await engine.api.listLaunchers({});
    expect(launchers.map((l) => l.container).sort()).toEqual([NEW, OTHER].sort());
    await expect.poll(() => filesUnder(dataHome).filter((f) => f.includes(GONE))).toEqual([]);
  });

  it('writes the menu entries again when Toolshed starts by another command (an AppImage updated under a new name)', async () => {
    // the entries (*.desktop), never the temporary file an entry is being written to (.toolshed-….tmp, renamed into place)
    const launcherOf = (name: string) =>
      readdirSync(applications)
        .filter((n) => n.endsWith('.desktop'))
        .map((n) => path.join(applications, n))
        .find((f) => ownershipOf(readFileSync(f, 'utf8'))?.container === name && ownershipOf(readFileSync(f, 'utf8'))?.kind === 'launcher')!;
    const execOf = (file: string) => parseExec(rawValue(findGroup(parseDesktopFile(readFileSync(file, 'utf8')), 'Desktop Entry'), 'Exec')!);
    const file = launcherOf(OTHER);
    expect(execOf(file)[0]).toBe('/opt/Toolshed/toolshed');
    engine.dispose();
    engine = testEngine({ env: { ...env, TOOLSHED_LAUNCH_COMMAND: '/home/ada/Applications/Toolshed-0.2.0-x86_64.AppImage' } });
    await expect.poll(() => execOf(launcherOf(OTHER))).toEqual(['/home/ada/Applications/Toolshed-0.2.0-x86_64.AppImage', '--open', OTHER]);
    expect(launcherOf(OTHER)).toBe(file);
    validateAll();
    // and back, for the tests after this one
    engine.dispose();
    engine = testEngine({ env });
    await expect.poll(() => execOf(launcherOf(OTHER))[0]).toBe('/opt/Toolshed/toolshed');
  });

  it('turning a launcher off removes it and its icon; a missing toolbox or bad names change nothing', async () => {
    expect(await engine.api.setLauncher({ container: OTHER, enabled: false })).toEqual({ file: null });
    expect(filesUnder(dataHome).filter((f) => f.includes(OTHER))).toEqual([]);
    await expect(engine.api.setLauncher({ container: 'tsh-desk-nope', enabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(engine.api.exportApp({ container: NEW, desktopFile: 'nope.desktop' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readFileSync(usersFile, 'utf8')).toBe(usersText);
  });
});

const whyRootless = missing({ fixture: true, toolbox: true, rootless: true });
const ROOTLESS = 'tsh-desk-rootless';

describe.skipIf(whyRootless)(`toolshed-run for a rootless user${whyRootless ? ` (skipped: ${whyRootless})` : ''}`, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsh-desk-run-'));
  const runner = path.join(dir, 'toolshed-run');
  const asUser = (command: string, args: string[]) => {
    const [cmd, argv] = asRootlessUser(command, args);
    return execFileSync(cmd, argv, { cwd: '/tmp', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  };

  beforeAll(() => {
    removeContainers([ROOTLESS], PODMAN_AS_TOOLSHED);
    asUser('toolbox', ['create', '--image', FIXTURE_IMAGE, ROOTLESS]);
    execFileSync('chmod', ['755', dir]);
    writeFileSync(runner, runnerScript(), { mode: 0o755 });
  });
  afterAll(() => {
    removeContainers([ROOTLESS], PODMAN_AS_TOOLSHED);
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts the stopped toolbox, waits for its setup in the user's runtime dir, and runs as the user in the home, in the session's locale", () => {
    const script = 'printf "%s|%s|%s|%s" "$(id -un)" "$(pwd)" "$DISPLAY" "$(test -e /run/.toolboxenv && echo toolbox)"';
    expect(asUser('env', ['DISPLAY=:7', runner, ROOTLESS, 'sh', '-c', script])).toBe(`${ROOTLESS_USER}|/home/${ROOTLESS_USER}|:7|toolbox`);
    // and again, now running: the same
    expect(asUser('env', ['DISPLAY=:8', runner, ROOTLESS, 'sh', '-c', script])).toBe(`${ROOTLESS_USER}|/home/${ROOTLESS_USER}|:8|toolbox`);
    // the locale variables come along (exported apps speak the session's language); other host variables do not
    const locale = ['LANG=C.UTF-8', 'LANGUAGE=de:en', 'LC_TIME=en_GB.UTF-8', 'LC_MESSAGES=fr_FR.UTF-8'];
    const printLocale = 'printf "%s|%s|%s|%s|%s" "$LANG" "$LANGUAGE" "$LC_TIME" "$LC_MESSAGES" "${PATH_FROM_HOST-unset}"';
    expect(asUser('env', ['DISPLAY=:6', ...locale, 'PATH_FROM_HOST=x', runner, ROOTLESS, 'sh', '-c', printLocale])).toBe(
      'C.UTF-8|de:en|en_GB.UTF-8|fr_FR.UTF-8|unset',
    );
  });

  it('fails clearly for a container that does not exist', () => {
    const [cmd, argv] = asRootlessUser(runner, ['tsh-desk-nothing', 'true']);
    const result = spawnSync(cmd, argv, { cwd: '/tmp', encoding: 'utf8' });
    expect(result.status).toBe(125);
    expect(result.stderr).toContain('toolshed-run: no container named tsh-desk-nothing');
  });
});
