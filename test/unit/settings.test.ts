// settings.json: each saved key is checked on its own, bad and unknown ones are
// reported and never cost the others, unknown keys survive a save, and a file
// that could not be used is kept as settings.json.bak before it is replaced.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/services/settings.js';

function folderWith(text: string | undefined): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-settings-'));
  if (text !== undefined) writeFileSync(path.join(dir, 'settings.json'), text);
  return dir;
}
const env = { TOOLSHED_ULIMIT_HOST: '0' };

describe('settings.json', () => {
  it('keeps every valid key when another is bad or unknown, and says which and why', () => {
    const dir = folderWith(JSON.stringify({ terminalFontSize: 18, hostname: 'not a hostname!', launcherByDefault: true, fromTheFuture: 42 }));
    const logged: string[] = [];
    const store = new SettingsStore(env, dir, (line) => logged.push(line));
    expect(store.get()).toMatchObject({ terminalFontSize: 18, launcherByDefault: true, hostname: null });
    const { problems } = store.report();
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/"hostname": a hostname is/);
    expect(problems.join('\n')).toMatch(/"fromTheFuture" is not a setting/);
    expect(logged).toHaveLength(2);
  });

  it('writes unknown keys back, keeps the original as .bak, and reports no fixed problem afterwards', () => {
    const original = JSON.stringify({ terminalFontSize: 18, hostname: 'not a hostname!', fromTheFuture: 42 });
    const dir = folderWith(original);
    const store = new SettingsStore(env, dir);
    store.update({ terminalFontSize: 20 });
    const written = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ terminalFontSize: 20, hostname: null, fromTheFuture: 42 });
    expect(readFileSync(path.join(dir, 'settings.json.bak'), 'utf8')).toBe(original);
    expect(store.report().problems).toEqual([expect.stringMatching(/"fromTheFuture"/)]);
    // a second save does not replace the backup of the file as the user had it
    store.update({ terminalFontSize: 21 });
    expect(readFileSync(path.join(dir, 'settings.json.bak'), 'utf8')).toBe(original);
  });

  it('uses the defaults for a file that is not JSON, and keeps it before the first save replaces it', () => {
    const dir = folderWith('{ "terminalFontSize": 18,');
    const store = new SettingsStore(env, dir);
    expect(store.get().terminalFontSize).toBe(14);
    expect(store.report().problems).toEqual([expect.stringMatching(/is not valid JSON/)]);
    store.update({ launcherByDefault: true });
    expect(readFileSync(path.join(dir, 'settings.json.bak'), 'utf8')).toBe('{ "terminalFontSize": 18,');
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ launcherByDefault: true });
  });

  it('starts from the defaults with no file and no problem, and makes no backup', () => {
    const dir = folderWith(undefined);
    const store = new SettingsStore(env, dir);
    expect(store.report()).toMatchObject({ problems: [], values: { ulimitHost: false, toolboxBinary: null } });
    store.update({ hostname: 'box' });
    expect(existsSync(path.join(dir, 'settings.json.bak'))).toBe(false);
  });
});
