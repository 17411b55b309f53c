// Auto-stop's pure parts: which conmon is an exec session's (read from real
// conmon command lines of podman 4.3), and which grace a toolbox has.
import { describe, expect, it } from 'vitest';
import { execSessionOf } from '../../electron/services/toolbox/execSessions.js';
import { graceOf } from '../../electron/services/toolbox/autoStop.js';

const CONTAINER = 'd65166b680784fadb25b7d0ad1e75ec7301aa393c1ef0c35f3f04c41522bdcfc';
const SESSION = '1397d7806bcd1000fb6670c248f395737ded1b1ed88112770d0e5539e5153c77';
// as /proc/PID/cmdline showed them (shortened after -b), podman 4.3.1 with runc
const conmon = (session: string) => ['/usr/bin/conmon', '--api-version', '1', '-c', CONTAINER, '-u', session, '-r', '/usr/bin/runc', '-b', '/var/lib/…'];

describe('auto-stop', () => {
  it("tells an exec session's conmon from the container's own, and from other programs", () => {
    expect(execSessionOf(conmon(SESSION))).toEqual({ containerId: CONTAINER, sessionId: SESSION });
    expect(execSessionOf(conmon(CONTAINER))).toBeUndefined(); // the container's own: -u is its id
    expect(execSessionOf(['/usr/bin/podman', 'exec', '-c', CONTAINER, '-u', SESSION])).toBeUndefined();
    expect(execSessionOf(['/usr/bin/conmon', '-c', CONTAINER])).toBeUndefined();
    expect(execSessionOf([])).toBeUndefined();
  });

  it("gives a toolbox its own grace when it has one (null: never), else the setting's", () => {
    const settings = { autoStopSeconds: 300, autoStopByToolbox: { quick: 5, kept: null } };
    expect(graceOf(settings, 'quick')).toBe(5);
    expect(graceOf(settings, 'kept')).toBeNull();
    expect(graceOf(settings, 'other')).toBe(300);
    expect(graceOf({ autoStopSeconds: null, autoStopByToolbox: {} }, 'other')).toBeNull();
    // a name like an Object property is a toolbox like any other
    expect(graceOf({ autoStopSeconds: 60, autoStopByToolbox: {} }, 'constructor')).toBe(60);
  });
});
