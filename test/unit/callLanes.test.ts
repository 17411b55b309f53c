// How many podman calls run at once: per lane, in order, shared while waiting,
// and given up (never started) once the caller's deadline passes.
import { describe, expect, it } from 'vitest';
import { createCallLanes, laneOf } from '../../electron/services/podman/callLanes.js';
import { ToolshedError } from '../../shared/errors.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const far = () => Date.now() + 60_000;

describe('podman call lanes', () => {
  it('puts each podman command in its lane', () => {
    expect(laneOf(['ps', '--all', '--format', 'json'])).toBe('list');
    expect(laneOf(['version', '--format', 'json'])).toBe('status');
    expect(laneOf(['info', '--format', '{{.Store.GraphRoot}}'])).toBe('list');
    expect(laneOf(['ps', '--all', '--filter', 'label=a=b', '--format', 'json'])).toBe('read');
    expect(laneOf(['inspect', '--type', 'container', '--', 'x'])).toBe('read');
    expect(laneOf(['image', 'exists', '--', 'x'])).toBe('read');
    expect(laneOf(['container', 'exists', '--', 'x'])).toBe('read');
    expect(laneOf(['exec', '--', 'x', 'true'])).toBe('exec');
    expect(laneOf(['commit', '--', 'x', 'y'])).toBe('exec');
    expect(laneOf(['stop', '--time', '10', '--', 'x'])).toBe('change');
    expect(laneOf(['rm', '--force', '--', 'x'])).toBe('change');
  });

  it('runs at most the limit at once, the rest in the order asked, and other lanes meanwhile', async () => {
    const lanes = createCallLanes({ status: 1, list: 1, read: 2, exec: 1, change: 1, background: 1 });
    const held = gate();
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const calls = Array.from({ length: 6 }, (_, i) =>
      lanes.schedule('read', { deadline: far(), describe: 'podman inspect' }, async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await held.opened;
        running -= 1;
        return i;
      }),
    );
    expect(lanes.load('read')).toEqual({ running: 2, waiting: 4 });
    // the list's lane is free while reads wait
    expect(await lanes.schedule('list', { deadline: far(), describe: 'podman ps' }, () => Promise.resolve('listed'))).toBe('listed');
    held.open();
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(lanes.load('read')).toEqual({ running: 0, waiting: 0 });
  });

  it('answers the same waiting read once for every caller, never one already running', async () => {
    const lanes = createCallLanes({ status: 1, list: 1, read: 1, exec: 1, change: 1, background: 1 });
    const held = gate();
    let started = 0;
    const read = () =>
      lanes.schedule('read', { deadline: far(), describe: 'podman inspect', shareKey: 'inspect x' }, async () => {
        started += 1;
        await held.opened;
        return started;
      });
    const first = read(); // runs
    const others = Array.from({ length: 300 }, read); // wait, as one
    held.open();
    expect(await first).toBe(1);
    expect(new Set(await Promise.all(others))).toEqual(new Set([2]));
    expect(started).toBe(2);
  });

  it('fails every caller sharing a waiting call at its deadline, not only the first', async () => {
    const lanes = createCallLanes({ status: 1, list: 1, read: 1, exec: 1, change: 1, background: 1 });
    const held = gate();
    const hung = lanes.schedule('read', { deadline: far(), describe: 'podman inspect' }, () => held.opened);
    const deadline = Date.now() + 50;
    const shared = [0, 1, 2].map(() =>
      lanes.schedule('read', { deadline, describe: 'podman images', shareKey: 'images' }, () => Promise.resolve()).catch((error: unknown) => error),
    );
    for (const outcome of await Promise.all(shared)) expect(outcome).toMatchObject({ code: 'TIMEOUT' });
    held.open();
    await hung;
  });

  it('fails a call still waiting at its deadline with TIMEOUT, and never starts it', async () => {
    const lanes = createCallLanes({ status: 1, list: 1, read: 1, exec: 1, change: 1, background: 1 });
    const held = gate();
    const hung = lanes.schedule('change', { deadline: far(), describe: 'podman stop' }, () => held.opened);
    let startedLate = false;
    const late = lanes.schedule('change', { deadline: Date.now() + 50, describe: 'podman start' }, () => {
      startedLate = true;
      return Promise.resolve();
    });
    const error = await late.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolshedError);
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^podman start did not start: 1 podman calls of its kind were still running/) as unknown,
    });
    held.open();
    await hung;
    expect(startedLate).toBe(false);
    expect(lanes.load('change')).toEqual({ running: 0, waiting: 0 });
  });

  it('drops a waiting call whose caller cancels', async () => {
    const lanes = createCallLanes({ status: 1, list: 1, read: 1, exec: 1, change: 1, background: 1 });
    const held = gate();
    const running = lanes.schedule('exec', { deadline: far(), describe: 'podman exec' }, () => held.opened);
    const abort = new AbortController();
    const waiting = lanes.schedule('exec', { deadline: far(), describe: 'podman commit', signal: abort.signal }, () => Promise.resolve());
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(lanes.load('exec')).toEqual({ running: 1, waiting: 0 });
    held.open();
    await running;
  });
});
