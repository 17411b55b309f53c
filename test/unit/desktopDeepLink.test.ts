// `toolshed --open NAME`, toolshed://open/NAME, and the hand-off from a second
// instance to the running one (electron/main/deepLink.ts, pure).
import { describe, expect, it } from 'vitest';
import {
  handOffData,
  OpenRequestQueue,
  openRequestFromArgv,
  openRequestFromSecondInstance,
  openRequestFromUrl,
  type OpenRequest,
} from '../../electron/main/deepLink.js';

describe('openRequestFromArgv', () => {
  it('reads --open NAME and --open=NAME, packaged or in development', () => {
    expect(openRequestFromArgv(['/opt/Toolshed/toolshed', '--open', 'fedora-toolbox-42'])).toEqual({ container: 'fedora-toolbox-42' });
    expect(openRequestFromArgv(['/usr/lib/electron', '.', '--open=my_box.1'])).toEqual({ container: 'my_box.1' });
  });

  it('reads a toolshed:// link passed by the desktop (Exec=toolshed %U)', () => {
    expect(openRequestFromArgv(['/opt/Toolshed/toolshed', 'toolshed://open/dev-box'])).toEqual({ container: 'dev-box' });
  });

  it('has no request without --open, or with a name podman would refuse', () => {
    expect(openRequestFromArgv(['/opt/Toolshed/toolshed'])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--open'])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--open', '--inspect'])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--open', '-rf'])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--open', 'a b'])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--open=$(reboot)'])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--open', 'x'.repeat(65)])).toBeNull();
    expect(openRequestFromArgv(['toolshed', '--', '--open', 'box'])).toBeNull();
  });

  it('the last valid request wins', () => {
    expect(openRequestFromArgv(['t', '--open', 'a', '--open=b'])).toEqual({ container: 'b' });
    expect(openRequestFromArgv(['t', '--open', 'a', '--open=b c'])).toEqual({ container: 'a' });
  });
});

describe('openRequestFromUrl', () => {
  it.each([
    ['toolshed://open/box', 'box'],
    ['toolshed://open/box/', 'box'],
    ['TOOLSHED://open/Box-1', 'Box-1'],
    ['toolshed://open/a%2Eb', 'a.b'],
  ])('%s opens %s', (url, container) => {
    expect(openRequestFromUrl(url)).toEqual({ container });
  });

  it.each([
    'toolshed://open/',
    'toolshed://open/a/b',
    'toolshed://close/box',
    'toolshed://open/box?x=1',
    'toolshed://open/box#frag',
    'toolshed://user@open/box',
    'toolshed://open/%2Fetc',
    'toolshed://open/a%20b',
    'toolshed://open/%E0%A4%A',
    'https://open/box',
    'not a url',
  ])('%s is no request', (url) => {
    expect(openRequestFromUrl(url)).toBeNull();
  });
});

describe('single-instance hand-off', () => {
  it("prefers the second instance's own parse, sent as additionalData", () => {
    const data = handOffData(openRequestFromArgv(['/opt/Toolshed/toolshed', '--open', 'box']));
    expect(data).toEqual({ toolshedOpen: 'box' });
    // Chromium may move the value away from its switch in the argv it reports
    expect(openRequestFromSecondInstance(['/opt/Toolshed/toolshed', '--open', '--enable-features=x', 'box'], data)).toEqual({ container: 'box' });
  });

  it('falls back to the reported argv, and validates additionalData like any input', () => {
    expect(openRequestFromSecondInstance(['t', '--open=box'], undefined)).toEqual({ container: 'box' });
    expect(openRequestFromSecondInstance(['t', 'toolshed://open/box'], {})).toEqual({ container: 'box' });
    expect(openRequestFromSecondInstance(['t', '--open=box'], { toolshedOpen: '-rf' })).toBeNull();
    expect(openRequestFromSecondInstance(['t'], { toolshedOpen: 42 })).toBeNull();
    expect(openRequestFromSecondInstance(['t'], null)).toBeNull();
    expect(handOffData(null)).toEqual({});
  });

  it('queues requests until the page has loaded, then sends them in order; a reload holds them again', () => {
    const sent: OpenRequest[] = [];
    const queue = new OpenRequestQueue((r) => sent.push(r));
    queue.push({ container: 'a' });
    queue.push(null);
    queue.push({ container: 'b' });
    expect(sent).toEqual([]);
    queue.setReady();
    expect(sent).toEqual([{ container: 'a' }, { container: 'b' }]);
    queue.push({ container: 'c' });
    expect(sent.at(-1)).toEqual({ container: 'c' });
    queue.setNotReady();
    queue.push({ container: 'd' });
    expect(sent).toHaveLength(3);
    queue.setReady();
    expect(sent.at(-1)).toEqual({ container: 'd' });
  });
});
