// Host facts read from a fake host tree: links vs directories, sockets, the
// D-Bus address, and the toolbox binary chosen by the setting.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostFactsSource, dbusSocketPath, parseToolboxVersion, versionLessThan } from '../../electron/services/toolbox/hostFacts.js';
import { lastInitError, logfmtMessage } from '../../electron/services/toolbox/initLog.js';

const trees: string[] = [];
afterAll(() => trees.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A host tree: files (content), dirs (trailing "/") and links ("-> target"). */
function tree(entries: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'toolshed-host-'));
  trees.push(root);
  for (const [file, spec] of Object.entries(entries)) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    if (spec.startsWith('-> ')) symlinkSync(spec.slice(3), full);
    else if (file.endsWith('/')) mkdirSync(full, { recursive: true });
    else writeFileSync(full, spec);
  }
  return root;
}

const account = (home: string) => () => ({ uid: 1000, gid: 1000, username: 'ada', homedir: home, shell: '/bin/zsh' });

function source(root: string, env: NodeJS.ProcessEnv = {}, uid = 1000, home = '/home/ada') {
  return new HostFactsSource({ env, uid, root, podmanVersion: async () => '4.3.1', userInfo: account(home) });
}

describe('host facts', () => {
  it('on a classic host: directories are mounted, no links, no toolbox', async () => {
    const root = tree({
      'media/': '',
      'mnt/': '',
      'run/media/': '',
      'home/ada/': '',
      'run/dbus/system_bus_socket': '',
      'var/run': '-> ../run',
      'etc/profile.d/toolbox.sh': '',
    });
    const facts = await source(root, { XDG_RUNTIME_DIR: '/run/user/1000', PATH: '/usr/bin' }).gather(null);
    expect(facts).toEqual({
      uid: 1000,
      gid: 1000,
      user: 'ada',
      home: '/home/ada',
      homeRealPath: '/home/ada',
      shell: '/bin/zsh',
      podmanVersion: '4.3.1',
      rootless: true,
      runtimeMount: '/run/user/1000',
      xdgRuntimeDir: '/run/user/1000',
      media: 'dir',
      mnt: 'dir',
      homeIsLink: false,
      runMedia: true,
      dbusSystemSocket: '/run/dbus/system_bus_socket',
      serviceSockets: [],
      profileToolboxSh: '/etc/profile.d/toolbox.sh',
    });
  });

  it('on an image-based host: /home, /media, /mnt are links; sockets found; $SHELL wins', async () => {
    const root = tree({
      'var/home/ada/': '',
      home: '-> var/home',
      'run/media/': '',
      media: '-> run/media',
      'var/mnt/': '',
      mnt: '-> var/mnt',
      'run/avahi-daemon/socket': '',
      'run/pcscd/pcscd.comm': '',
      'usr/share/profile.d/toolbox.sh': '',
    });
    const facts = await source(root, { SHELL: '/usr/bin/fish' }).gather('');
    expect(facts).toMatchObject({
      home: '/home/ada',
      homeRealPath: '/var/home/ada',
      shell: '/usr/bin/fish',
      media: 'link',
      mnt: 'link',
      homeIsLink: true,
      serviceSockets: ['/run/avahi-daemon/socket', '/run/pcscd/pcscd.comm'],
      profileToolboxSh: '/usr/share/profile.d/toolbox.sh',
      xdgRuntimeDir: '/run/user/1000',
    });
    expect(facts.dbusSystemSocket).toBeUndefined();
  });

  it('as root: /run/toolbox is the runtime mount and no XDG_RUNTIME_DIR is passed', async () => {
    const root = tree({ 'root/': '' });
    const facts = await source(root, { XDG_RUNTIME_DIR: '/run/user/0' }, 0, '/root').gather('');
    expect(facts).toMatchObject({ rootless: false, runtimeMount: '/run/toolbox', media: 'absent', mnt: 'absent', runMedia: false });
    expect(facts.xdgRuntimeDir).toBeUndefined();
  });

  it('finds the toolbox binary on PATH and asks its version; "" means none; a bad setting is a clear error', async () => {
    const root = tree({ 'home/ada/': '', 'opt/tb/toolbox': '#!/bin/sh\necho "toolbox version 0.0.99.3"\n', 'usr/bin/toolbox': '-> ../../opt/tb/toolbox' });
    chmodSync(path.join(root, 'opt/tb/toolbox'), 0o755);
    const facts = source(root, { PATH: 'relative:/nowhere:/usr/bin' });
    expect((await facts.gather(null)).toolbox).toEqual({ path: '/opt/tb/toolbox', version: '0.0.99.3' });
    expect((await facts.gather('/usr/bin/toolbox')).toolbox).toEqual({ path: '/opt/tb/toolbox', version: '0.0.99.3' });
    expect((await facts.gather('')).toolbox).toBeUndefined();
    await expect(facts.gather('/usr/local/bin/toolbox')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await source(root, { PATH: '/nowhere' }).gather(null)).toolbox).toBeUndefined();
  });

  it('fails clearly when the home directory is missing', async () => {
    await expect(source(tree({}), {}).gather('')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/home/ada') });
  });
});

describe('host fact parsing', () => {
  it('takes the socket path from a D-Bus address list', () => {
    expect(dbusSocketPath(undefined)).toBe('/var/run/dbus/system_bus_socket');
    expect(dbusSocketPath('unix:path=/run/dbus/system_bus_socket')).toBe('/run/dbus/system_bus_socket');
    expect(dbusSocketPath('tcp:host=x,port=1;unix:guid=1,path=/run/my%20bus')).toBe('/run/my bus');
    expect(dbusSocketPath('unix:abstract=/tmp/dbus-x')).toBeUndefined();
  });
  it('reads and compares toolbox versions', () => {
    expect(parseToolboxVersion('toolbox version 0.0.99.3\n')).toBe('0.0.99.3');
    expect(parseToolboxVersion('nonsense')).toBeUndefined();
    expect(versionLessThan('0.0.99.3', '0.0.99.5')).toBe(true);
    expect(versionLessThan('0.0.99.5', '0.0.99.5')).toBe(false);
    expect(versionLessThan('0.1', '0.0.99.5')).toBe(false);
    expect(versionLessThan('0.0.99', '0.0.99.5')).toBe(true);
  });
  it('turns init-container log lines into progress messages', () => {
    expect(logfmtMessage('level=debug msg="Creating /run/.toolboxenv"')).toBe('Creating /run/.toolboxenv');
    expect(logfmtMessage('level=debug msg=usermod')).toBe('usermod');
    expect(logfmtMessage('level=warning msg="Failed to bind \\"x\\""')).toBe('warning: Failed to bind "x"');
    expect(logfmtMessage('time="2024" level=error msg="this image lacks sudo"')).toBe('error: this image lacks sudo');
    expect(logfmtMessage('Error: something plain')).toBe('Error: something plain');
  });
  it('finds why an init died: its last error line', () => {
    const own =
      'level=debug msg="Creating /run/.toolboxenv"\nlevel=error msg="this image lacks sudo (package sudo): Toolbx containers need it"\nlevel=error msg="this image has neither a sudo nor a wheel group"\n';
    expect(lastInitError(own)).toBe('this image has neither a sudo nor a wheel group');
    expect(lastInitError('level=debug msg="Looking up group for sudo"\nError: failed to get group for sudo: group for sudo not found\n')).toBe(
      'failed to get group for sudo: group for sudo not found',
    );
    expect(lastInitError('level=debug msg="fine"\nlevel=warning msg="odd"')).toBeUndefined();
  });
});
