// Desktop Entry reading and writing: the string and Exec escaping layers,
// field codes, and hostile values that must stay data.
import { describe, expect, it } from 'vitest';
import { startsOtherLaunch } from '../../electron/services/desktop/launcherEntry.js';
import {
  escapeList,
  escapeString,
  execValue,
  execValueOf,
  findGroup,
  listValue,
  parseDesktopFile,
  parseExec,
  quoteExecTemplate,
  serializeDesktopFile,
  stringValue,
  unescapeString,
} from '../../electron/services/desktop/desktopEntry.js';
import { expandExec } from '../support/desktopExec.js';

describe('string values', () => {
  it('escape backslash, newline, tab, carriage return and a leading space, and read back the same', () => {
    const hostile = ' a\\b\nExec=rm -rf ~\tc\rd';
    const escaped = escapeString(hostile);
    expect(escaped).toBe('\\sa\\\\b\\nExec=rm -rf ~\\tc\\rd');
    expect(escaped).not.toMatch(/[\n\r\t]/);
    expect(unescapeString(escaped)).toBe(hostile);
  });

  it('lists split on unescaped ";" only', () => {
    const file = parseDesktopFile(`[Desktop Entry]\nKeywords=${escapeList(['a;b', 'c'])}\n`);
    expect(listValue(findGroup(file, 'Desktop Entry'), 'Keywords')).toEqual(['a;b', 'c']);
  });

  it('a value with a newline cannot be written as a second line', () => {
    expect(() => serializeDesktopFile({ groups: [{ name: 'Desktop Entry', entries: [['Name', 'a\nExec=evil']] }] })).toThrow(/span lines/);
  });
});

describe('parseDesktopFile', () => {
  it('reads groups, localized keys and ignores comments and junk; the first of a repeated key wins', () => {
    const file = parseDesktopFile(
      '# c\n[Desktop Entry]\nName = Editor\nName[de]=Texteditor\nName=Second\ngarbage line\n\n[Desktop Action new]\nExec=edit --new\n',
    );
    const main = findGroup(file, 'Desktop Entry');
    expect(stringValue(main, 'Name')).toBe('Editor');
    expect(stringValue(main, 'Name[de]')).toBe('Texteditor');
    expect(stringValue(findGroup(file, 'Desktop Action new'), 'Exec')).toBe('edit --new');
  });

  it('round-trips through serializeDesktopFile', () => {
    const text = '[Desktop Entry]\nType=Application\nName=A\n\n[Desktop Action x]\nName=X\n';
    expect(serializeDesktopFile(parseDesktopFile(text))).toBe(text);
  });
});

describe('Exec', () => {
  it('leaves plain words alone and quotes reserved characters per the spec', () => {
    expect(quoteExecTemplate('/usr/bin/toolshed')).toBe('/usr/bin/toolshed');
    expect(quoteExecTemplate('a b')).toBe('"a b"');
    expect(quoteExecTemplate('$(touch x)`y`"z"\\')).toBe('"\\$(touch x)\\`y\\`\\"z\\"\\\\"');
    expect(quoteExecTemplate('')).toBe('""');
  });

  it('escapes a backslash twice in the file: once for Exec quoting, once as a string', () => {
    expect(execValueOf(['a\\b'])).toBe('"a\\\\\\\\b"');
    expect(parseExec(execValueOf(['a\\b']))).toEqual(['a\\b']);
  });

  it('doubles a literal % so it is never taken for a field code', () => {
    expect(execValueOf(['printf', '100%u'])).toBe('printf 100%%u');
    expect(expandExec(parseExec(execValueOf(['printf', '100%u'])), { urls: ['x'] })).toEqual(['printf', '100%u']);
  });

  it('round-trips hostile arguments exactly', () => {
    const args = ['/opt/My App/bin/run', '--name=it\'s "quoted"', '$HOME', '`id`', 'a;b|c&d>e<f', '~', '#', '*?', 'tab\there', 'new\nline', ' lead', '%'];
    expect(expandExec(parseExec(execValueOf(args)))).toEqual(args);
  });

  it('keeps field codes as words and expands them like a desktop environment', () => {
    const templates = parseExec('gedit --new-window %U');
    expect(templates).toEqual(['gedit', '--new-window', '%U']);
    expect(execValue(templates)).toBe('gedit --new-window %U');
    expect(expandExec(templates, { urls: ['file:///a', 'file:///b'] })).toEqual(['gedit', '--new-window', 'file:///a', 'file:///b']);
    expect(expandExec(templates)).toEqual(['gedit', '--new-window']);
    expect(expandExec(parseExec('app %f %i %c %k %d'), { files: ['/x', '/y'], icon: 'app', name: 'App', location: '/a.desktop' })).toEqual([
      'app',
      '/x',
      '--icon',
      'app',
      'App',
      '/a.desktop',
      '',
    ]);
  });

  it('drops a field code inside an argument that has to be quoted (the spec forbids it there)', () => {
    expect(quoteExecTemplate('--file=a b %f')).toBe('"--file=a b "');
  });

  it('reads the single quotes and backslashes real files use, as GLib does', () => {
    expect(parseExec("sh -c 'echo hi; exit 0'")).toEqual(['sh', '-c', 'echo hi; exit 0']);
    expect(parseExec('a\\\\ b')).toEqual(['a b']);
    expect(() => parseExec('sh -c "unterminated')).toThrow(/unterminated/);
  });
});

describe('startsOtherLaunch', () => {
  const entry = (exec: string) => `[Desktop Entry]\nType=Application\nName=x\nExec=${exec}\n`;
  it('tells a menu entry written for another launch command', () => {
    expect(startsOtherLaunch(entry('/opt/Toolshed/toolshed --open box'), ['/opt/Toolshed/toolshed'])).toBe(false);
    expect(startsOtherLaunch(entry('/home/ada/Toolshed-0.1.0.AppImage --open box'), ['/home/ada/Toolshed-0.2.0.AppImage'])).toBe(true);
    expect(startsOtherLaunch(entry('"/usr/bin/node" "/srv/toolshed/bin/toolshed.js" --open box'), ['/usr/bin/node', '/srv/toolshed/bin/toolshed.js'])).toBe(
      false,
    );
    expect(startsOtherLaunch(entry('"/usr/bin/node" "/old/bin/toolshed.js" --open box'), ['/usr/bin/node', '/srv/toolshed/bin/toolshed.js'])).toBe(true);
    expect(startsOtherLaunch('[Desktop Entry]\nName=no exec\n', ['toolshed'])).toBe(false);
  });
});
