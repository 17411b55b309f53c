// What Toolshed writes to the menu, checked without podman: launcher and
// exported-app entries validate with desktop-file-validate, carry the keys
// that mark them as Toolshed's, and the ownership rules never let Toolshed
// replace or delete a file it did not write.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appOf, appsOfListing, exportedEntry, parseAppListing, retargetExportedEntry, validFieldCodes } from '../../electron/services/desktop/appExport.js';
import { findGroup, parseDesktopFile, parseExec, stringValue, rawValue } from '../../electron/services/desktop/desktopEntry.js';
import { expandExec } from '../support/desktopExec.js';
import { distroIconSvg } from '../../electron/services/desktop/distroIcon.js';
import { detectIconFormat } from '../../electron/services/desktop/iconFormat.js';
import { launchCommand, launcherEntry } from '../../electron/services/desktop/launcherEntry.js';
import { candidateNames, removeOwnedFile, scanOwnedEntries, writeOwnedFile } from '../../electron/services/desktop/ownedFiles.js';
import { baseFileName, isToolshedIconPath, mayReplace, ownershipOf } from '../../electron/services/desktop/ownership.js';
import { isOwnRunner, runnerScript } from '../../electron/services/desktop/runnerScript.js';
import { desktopPaths } from '../../electron/services/desktop/desktopPaths.js';
import { desktopValidatorMissing, validateDesktopFile } from '../support/desktopValidate.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tsh-desk-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const validatorMissing = desktopValidatorMissing();

function validated(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return validateDesktopFile(file);
}

const GEDIT = `[Desktop Entry]
Name=Text Editor
Name[de]=Texteditor
Comment=Edit text files
Exec=gedit %U
TryExec=gedit
DBusActivatable=true
Path=/opt/inside
Icon=org.gnome.gedit
Terminal=false
Type=Application
Categories=GNOME;GTK;Utility;TextEditor;
MimeType=text/plain;
StartupNotify=true
Keywords=Text;Editor;
X-GNOME-UsesNotifications=true
X-KDE-SubstituteUID=true
X-KDE-Username=root
X-Toolshed-Container=someone-else
Actions=new-window;dbus-only;

[Desktop Action new-window]
Name=New Window
Name[de]=Neues Fenster
Exec=gedit --new-window

[Desktop Action dbus-only]
Name=Only over D-Bus
`;

describe('the launcher entry of a toolbox', () => {
  const text = launcherEntry({
    container: 'tsh-desk-a.b_c',
    containerId: 'a'.repeat(64),
    distro: 'fedora',
    release: '42',
    launch: ['/opt/Tool Shed/toolshed'],
    icon: '/home/u/.local/share/icons/hicolor/scalable/apps/toolshed-tsh-desk-a.b_c.svg',
  });
  const main = findGroup(parseDesktopFile(text), 'Desktop Entry');

  it.skipIf(validatorMissing)('passes desktop-file-validate', () => {
    expect(validated('toolshed-tsh-desk-a.b_c.desktop', text)).toBe('');
  });

  it('opens Toolshed on the toolbox, and has open and stop actions', () => {
    expect(parseExec(rawValue(main, 'Exec')!)).toEqual(['/opt/Tool Shed/toolshed', '--open', 'tsh-desk-a.b_c']);
    const stop = findGroup(parseDesktopFile(text), 'Desktop Action stop');
    expect(parseExec(rawValue(stop, 'Exec')!)).toEqual(['podman', 'stop', '--', 'tsh-desk-a.b_c']);
    expect(rawValue(main, 'Actions')).toBe('open-terminal;stop;');
  });

  it("is marked as Toolshed's for that toolbox", () => {
    expect(ownershipOf(text)).toEqual({
      kind: 'launcher',
      container: 'tsh-desk-a.b_c',
      containerId: 'a'.repeat(64),
      icon: '/home/u/.local/share/icons/hicolor/scalable/apps/toolshed-tsh-desk-a.b_c.svg',
    });
  });

  it('starts Toolshed with the engine’s launch command when set (quoted like Exec), else toolshed from PATH', () => {
    expect(launchCommand(undefined)).toEqual(['toolshed']);
    expect(launchCommand('"/opt/Tool Shed/toolshed" --no-sandbox')).toEqual(['/opt/Tool Shed/toolshed', '--no-sandbox']);
    expect(launchCommand('"unbalanced')).toEqual(['toolshed']);
  });

  it('has an icon drawn for any distro', () => {
    expect(detectIconFormat(Buffer.from(distroIconSvg('fedora')))).toEqual({ kind: 'svg' });
    expect(distroIconSvg('<script>')).not.toContain('<script>');
  });
});

describe('an exported app entry', () => {
  const runner = '/home/u/.local/share/toolshed/toolshed-run';
  const text = exportedEntry({
    container: 'tsh-desk-box',
    containerId: 'b'.repeat(64),
    source: 'org.gnome.gedit.desktop',
    text: GEDIT,
    runner,
    icon: '/home/u/.local/share/icons/hicolor/scalable/apps/toolshed-tsh-desk-box+org.gnome.gedit.svg',
  });
  const parsed = parseDesktopFile(text);
  const main = findGroup(parsed, 'Desktop Entry');

  it.skipIf(validatorMissing)('passes desktop-file-validate', () => {
    expect(validated('toolshed-tsh-desk-box+org.gnome.gedit.desktop', text)).toBe('');
  });

  it('runs the app in the toolbox through toolshed-run, keeping its field codes', () => {
    expect(expandExec(parseExec(rawValue(main, 'Exec')!), { urls: ['file:///tmp/a b.txt'] })).toEqual([runner, 'tsh-desk-box', 'gedit', 'file:///tmp/a b.txt']);
    const action = findGroup(parsed, 'Desktop Action new-window');
    expect(parseExec(rawValue(action, 'Exec')!)).toEqual([runner, 'tsh-desk-box', 'gedit', '--new-window']);
  });

  it('keeps one file-list field code and no deprecated one, so the entry validates', () => {
    expect(validFieldCodes(['app', '%U', '%F', '--name=%u', '%d', '%%x'])).toEqual(['app', '%U', '--name=', '%%x']);
    const two = exportedEntry({
      container: 'tsh-desk-box',
      source: 'two.desktop',
      text: '[Desktop Entry]\nType=Application\nName=Two\nExec=two %U %F %m\n',
      runner,
    });
    expect(parseExec(rawValue(findGroup(parseDesktopFile(two), 'Desktop Entry'), 'Exec')!)).toEqual([runner, 'tsh-desk-box', 'two', '%U']);
    if (!validatorMissing) expect(validated('toolshed-tsh-desk-box+two.desktop', two)).toBe('');
  });

  it("suffixes every Name with the toolbox's name and keeps what the host can use", () => {
    expect(stringValue(main, 'Name')).toBe('Text Editor (tsh-desk-box)');
    expect(stringValue(main, 'Name[de]')).toBe('Texteditor (tsh-desk-box)');
    expect(stringValue(findGroup(parsed, 'Desktop Action new-window'), 'Name[de]')).toBe('Neues Fenster');
    expect(rawValue(main, 'MimeType')).toBe('text/plain;');
    expect(rawValue(main, 'X-GNOME-UsesNotifications')).toBe('true');
  });

  it('drops what names things inside the container, keys that change how it runs, and D-Bus-only actions', () => {
    for (const key of ['TryExec', 'DBusActivatable', 'Path', 'X-KDE-SubstituteUID', 'X-KDE-Username']) expect(rawValue(main, key), key).toBeUndefined();
    expect(rawValue(main, 'Actions')).toBe('new-window;');
    expect(findGroup(parsed, 'Desktop Action dbus-only')).toBeUndefined();
  });

  it("carries Toolshed's keys, not a forged X-Toolshed key from the app", () => {
    expect(ownershipOf(text)).toMatchObject({ kind: 'app', container: 'tsh-desk-box', source: 'org.gnome.gedit.desktop' });
    expect(text.match(/X-Toolshed-Container=/g)).toHaveLength(1);
  });

  it('follows a renamed toolbox', () => {
    const moved = retargetExportedEntry(text, 'tsh-desk-box', 'tsh-desk-new')!;
    const group = findGroup(parseDesktopFile(moved), 'Desktop Entry');
    expect(stringValue(group, 'Name')).toBe('Text Editor (tsh-desk-new)');
    expect(parseExec(rawValue(group, 'Exec')!)).toEqual([runner, 'tsh-desk-new', 'gedit', '%U']);
    expect(ownershipOf(moved)).toMatchObject({ container: 'tsh-desk-new', source: 'org.gnome.gedit.desktop' });
    expect(retargetExportedEntry(text, 'another', 'x')).toBeNull();
  });

  it('is refused for entries that are no visible application', () => {
    expect(() => exportedEntry({ container: 'c', source: 'x.desktop', text: '[Desktop Entry]\nType=Link\nName=x\nURL=http://x\n', runner })).toThrow();
    expect(appOf('x.desktop', '[Desktop Entry]\nType=Application\nName=x\nExec=x\nNoDisplay=true\n')).toBeNull();
    expect(appOf('x.desktop', '[Desktop Entry]\nType=Application\nName=x\n')).toBeNull();
    expect(appOf('../x.desktop', '[Desktop Entry]\nType=Application\nName=x\nExec=x\n')).toBeNull();
  });
});

describe('the app listing of one exec', () => {
  it('splits files on the record separator; /usr/local hides /usr/share of the same name', () => {
    const out =
      '\x1e/usr/local/share/applications/a.desktop\n[Desktop Entry]\nType=Application\nName=Local A\nExec=a\n\n' +
      '\x1e/usr/share/applications/a.desktop\n[Desktop Entry]\nType=Application\nName=A\nExec=a\n\n' +
      '\x1e/usr/share/applications/b.desktop\n[Desktop Entry]\nType=Application\nName=B\nExec=b %F\nIcon=b\n\n' +
      '\x1e/usr/share/applications/hidden.desktop\n[Desktop Entry]\nType=Application\nName=H\nExec=h\nHidden=true\n\n';
    expect(appsOfListing(parseAppListing(out)).map((a) => a.app)).toEqual([
      { desktopFile: 'b.desktop', name: 'B', exec: 'b %F', icon: 'b' },
      { desktopFile: 'a.desktop', name: 'Local A', exec: 'a' },
    ]);
    expect(parseAppListing('')).toEqual([]);
  });
});

describe('ownership', () => {
  const launcher = (container: string) => launcherEntry({ container, launch: ['toolshed'], icon: '/i.svg' });

  it('only entries with X-Toolshed keys and a valid container name are owned', () => {
    expect(ownershipOf('[Desktop Entry]\nName=x\n')).toBeNull();
    expect(ownershipOf('[Desktop Entry]\nX-Toolshed-Kind=launcher\nX-Toolshed-Container=-rf\n')).toBeNull();
    expect(ownershipOf('[Desktop Entry]\nX-Toolshed-Kind=app\nX-Toolshed-Container=box\n')).toBeNull();
    expect(ownershipOf('[Other]\nX-Toolshed-Kind=launcher\nX-Toolshed-Container=box\n')).toBeNull();
  });

  it('an entry may replace only its own kind for the same toolbox (and app)', () => {
    expect(mayReplace(launcher('box'), { kind: 'launcher', container: 'box' })).toBe(true);
    expect(mayReplace(launcher('box'), { kind: 'launcher', container: 'box2' })).toBe(false);
    expect(mayReplace(launcher('box'), { kind: 'app', container: 'box', source: 'a.desktop' })).toBe(false);
    expect(mayReplace('[Desktop Entry]\nName=mine\n', { kind: 'launcher', container: 'box' })).toBe(false);
  });

  it('file names never stand for two different toolbox/app pairs', () => {
    expect(baseFileName({ kind: 'app', container: 'a-b', source: 'c.desktop' })).not.toBe(baseFileName({ kind: 'app', container: 'a', source: 'b-c.desktop' }));
    expect(baseFileName({ kind: 'launcher', container: 'box' })).toBe('toolshed-box');
  });

  it('icons are deletable only inside the icon folder with the toolshed- prefix', () => {
    expect(isToolshedIconPath('/d/icons/hicolor', '/d/icons/hicolor/scalable/apps/toolshed-x.svg')).toBe(true);
    expect(isToolshedIconPath('/d/icons/hicolor', '/d/icons/hicolor/../../../etc/toolshed-x')).toBe(false);
    expect(isToolshedIconPath('/d/icons/hicolor', '/d/icons/hicolor/scalable/apps/firefox.svg')).toBe(false);
  });

  it('XDG_DATA_HOME is used when absolute, else ~/.local/share', () => {
    expect(desktopPaths({ XDG_DATA_HOME: '/x', HOME: '/h' }).applications).toBe('/x/applications');
    expect(desktopPaths({ XDG_DATA_HOME: 'relative', HOME: '/h' }).applications).toBe('/h/.local/share/applications');
    expect(desktopPaths({ HOME: '/h' }).runner).toBe('/h/.local/share/toolshed/toolshed-run');
  });
});

describe('writing and removing files', () => {
  const dir = path.join(tmp, 'applications');
  const identity = { kind: 'launcher' as const, container: 'box' };
  const allow = { mayReplace: (_file: string, existing: Buffer) => mayReplace(existing.toString(), identity) };

  it("takes another name rather than touch a user's file, and replaces its own", async () => {
    mkdirSync(dir, { recursive: true });
    const users = path.join(dir, 'toolshed-box.desktop');
    writeFileSync(users, '[Desktop Entry]\nName=My own\n');
    const first = await writeOwnedFile(dir, candidateNames('toolshed-box', '.desktop'), launcherEntry({ container: 'box', launch: ['a'], icon: '/i' }), allow);
    expect(first).toBe(path.join(dir, 'toolshed-box-2.desktop'));
    expect(readFileSync(users, 'utf8')).toBe('[Desktop Entry]\nName=My own\n');
    const again = await writeOwnedFile(
      dir,
      candidateNames('toolshed-box', '.desktop', 'toolshed-box-2.desktop'),
      launcherEntry({ container: 'box', launch: ['b'], icon: '/i' }),
      allow,
    );
    expect(again).toBe(first);
    expect(readFileSync(first, 'utf8')).toContain('Exec=b --open box');
    expect((await scanOwnedEntries(dir)).map((e) => e.file)).toEqual([first]);
  });

  it('never follows or replaces a symlink', async () => {
    const target = path.join(tmp, 'target.txt');
    writeFileSync(target, 'keep');
    const linkDir = path.join(tmp, 'links');
    mkdirSync(linkDir);
    symlinkSync(target, path.join(linkDir, 'toolshed-box.desktop'));
    const file = await writeOwnedFile(linkDir, candidateNames('toolshed-box', '.desktop'), launcherEntry({ container: 'box', launch: ['a'], icon: '/i' }), {
      mayReplace: () => true,
    });
    expect(file).toBe(path.join(linkDir, 'toolshed-box-2.desktop'));
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(await removeOwnedFile(path.join(linkDir, 'toolshed-box.desktop'), () => true)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });

  it('removes only what the check accepts', async () => {
    const users = path.join(dir, 'toolshed-box.desktop');
    expect(await removeOwnedFile(users, (bytes) => ownershipOf(bytes.toString()) !== null)).toBe(false);
    expect(existsSync(users)).toBe(true);
  });

  it('the runner script is recognized as its own and is valid sh', async () => {
    expect(isOwnRunner(runnerScript())).toBe(true);
    expect(isOwnRunner('#!/bin/sh\necho mine\n')).toBe(false);
    const { spawnSync } = await import('node:child_process');
    const check = spawnSync('sh', ['-n'], { input: runnerScript(), encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
