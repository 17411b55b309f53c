// The update centre against real podman and apt, offline: a toolbox (made by
// the toolbox CLI) from the update fixture has exactly tsh-demo 1.0 → 2.0
// pending; an upgrade tab refreshes the lists and upgrades it (answering apt if it asks), after which
// the engine checks again by itself and finds nothing pending; a toolbox whose
// repository is unreachable reports apt's error, not zero updates.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import type { UpdateReport } from '../../shared/contract.js';
import { missing, podman, removeContainers, testEngine } from '../support/env.js';
import { follow } from '../support/followTab.js';
import { DEMO_PACKAGE, NEW_VERSION, OLD_VERSION, UPDATE_IMAGE, ensureUpdateFixture } from '../support/updateFixture.js';

const why = missing({ fixture: true, toolbox: true });
const BOX = 'tsh-upd-box';
const BROKEN = 'tsh-upd-broken';

const installedVersion = (container: string) => podman('exec', container, 'dpkg-query', '--showformat=${Version}', '--show', DEMO_PACKAGE);

describe.skipIf(why)(`update centre on real podman${why ? ` (skipped: ${why})` : ''}`, () => {
  let engine: Engine;

  beforeAll(() => {
    ensureUpdateFixture();
    removeContainers([BOX, BROKEN]);
    for (const name of [BOX, BROKEN]) execFileSync('toolbox', ['create', '--image', UPDATE_IMAGE, name], { cwd: '/tmp', stdio: 'pipe' });
    engine = testEngine();
  }, 180_000);

  afterAll(() => {
    engine?.dispose();
    removeContainers([BOX, BROKEN]);
  });

  it('sees exactly the outdated package pending (starting the stopped toolbox to look)', async () => {
    const report = await engine.api.checkUpdates({ container: BOX });
    expect(report).toMatchObject({ container: BOX, manager: 'apt', pending: [{ name: DEMO_PACKAGE, from: OLD_VERSION, to: NEW_VERSION }] });
    expect(report.error).toBeUndefined();
    expect(await engine.api.listUpdates({})).toEqual([report]);
    // the check kept its lists apart: the user's apt state is as the image had it, no binary caches
    const userState = podman('exec', BOX, 'sh', '-c', 'ls /var/lib/apt/lists | grep -c Packages; ls /var/cache/apt | grep -c "\\.bin$"; true');
    expect(userState.split('\n')).toEqual(['0', '0']);
    expect(podman('exec', BOX, 'sh', '-c', 'ls /var/tmp/toolshed-apt-lists | grep -c Packages')).not.toBe('0');
  }, 120_000);

  it("waits out a check's lock held by another process, and never waits on the user's own apt", async () => {
    // another process holds the check's list lock for a few seconds, and the user's apt locks throughout
    const holdLock = (file: string, seconds: number) =>
      execFileSync('podman', [
        'exec',
        '-d',
        '--user',
        'root',
        BOX,
        'perl',
        '-e',
        'use Fcntl; open(my $f, ">>", $ARGV[0]) or die; my $l = pack("s s x4 q q i x4", F_WRLCK, 0, 0, 0, 0); fcntl($f, F_SETLKW, $l) or die; sleep $ARGV[1]',
        file,
        String(seconds),
      ]);
    for (const file of ['/var/lib/apt/lists/lock', '/var/lib/dpkg/lock-frontend', '/var/lib/dpkg/lock', '/var/cache/apt/archives/lock']) holdLock(file, 120);
    holdLock('/var/tmp/toolshed-apt-lists/lock', 6);
    const apt = () => podman('exec', '--user', 'root', BOX, 'apt-get', 'update', '-qq', '-o', 'Dir::State::Lists=/var/tmp/toolshed-apt-lists');
    await expect
      .poll(() => {
        try {
          apt();
          return 'free';
        } catch (error) {
          return String(error);
        }
      })
      .toMatch(/Could not get lock \/var\/tmp\/toolshed-apt-lists\/lock/);
    try {
      const report = await engine.api.checkUpdates({ container: BOX });
      expect(report.error).toBeUndefined();
      expect(report.pending).toEqual([expect.objectContaining({ name: DEMO_PACKAGE, to: NEW_VERSION })]);
    } finally {
      execFileSync('podman', ['exec', '--user', 'root', BOX, 'sh', '-c', 'kill $(pidof perl) 2>/dev/null; true']);
    }
  }, 180_000);

  it('leaves what the check wrote out of a snapshot', async () => {
    const snapshot = await engine.api.takeSnapshot({ container: BOX, name: 'after a check', operationId: 'op-upd-snap' });
    try {
      expect(podman('run', '--rm', '--network', 'host', snapshot.id, 'sh', '-c', 'test -e /var/tmp/toolshed-apt-lists && echo there || echo gone')).toBe(
        'gone',
      );
    } finally {
      await engine.api.deleteSnapshot({ snapshot: snapshot.id });
    }
  }, 180_000);

  it('upgrades it in a tab from fresh package lists, then finds nothing pending', async () => {
    // lists lost since the check (or days old): the upgrade must fetch them again, else it sees nothing to do
    execFileSync('podman', ['exec', '--user', 'root', BOX, 'find', '/var/lib/apt/lists', '!', '-type', 'd', '-delete'], { cwd: '/tmp' });
    const checkedAgain = new Promise<UpdateReport>((resolve) => {
      const subscription = engine.subscribe((message) => {
        if (message.event !== 'updatesChanged' || !('report' in message.payload) || message.payload.report.container !== BOX) return;
        subscription.dispose();
        resolve(message.payload.report);
      });
    });
    const info = await engine.api.openTerminal({ container: BOX, upgrade: true, cols: 120, rows: 30 });
    expect(info).toMatchObject({ upgrade: true, title: `Upgrade ${BOX}` });
    const tab = follow(engine, info.id);
    try {
      // an upgrade is an operation on its toolbox: a setup edit meanwhile is refused, naming it
      const { setup } = await engine.api.describeSetup({ container: BOX });
      await expect(
        engine.api.editSetup({ container: BOX, setup: { ...setup, env: [{ name: 'X', value: '1' }] }, operationId: 'op-upd-busy' }),
      ).rejects.toMatchObject({
        code: 'BUSY',
        message: `${BOX} is busy: the upgrade of ${BOX} is under way. Try again when it has finished.`,
      });
      // apt asks only when more than the upgrade would change; answer it if it does
      await tab.waitForText(/Do you want to continue\? \[Y\/n\]|Setting up tsh-demo|0 upgraded/);
      if (/\[Y\/n\]/.test(tab.output)) await engine.api.writeTerminal({ id: info.id, data: 'y\r' });
      await tab.waitForExit();
      expect(tab.info?.exitCode, tab.output).toBe(0);
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: info.id });
    }
    expect(installedVersion(BOX)).toBe(NEW_VERSION);
    expect(await checkedAgain).toMatchObject({ pending: [] });
    expect((await engine.api.checkUpdates({ container: BOX })).pending).toEqual([]);
  }, 180_000);

  it("reports the package manager's error when the repository is unreachable, never zero pending", async () => {
    await engine.api.startContainer({ container: BROKEN });
    execFileSync(
      'podman',
      ['exec', '--user', 'root', BROKEN, 'sh', '-c', "echo 'deb [trusted=yes] http://127.0.0.1:9/debian bookworm main' > /etc/apt/sources.list"],
      { cwd: '/tmp' },
    );
    const report = await engine.api.checkUpdates({ container: BROKEN });
    expect(report.pending).toBeUndefined();
    expect(report).toMatchObject({ manager: 'apt', error: expect.stringMatching(/127\.0\.0\.1|Failed to fetch|Could not connect/) });
    expect(installedVersion(BROKEN)).toBe(OLD_VERSION);
  }, 120_000);
});
