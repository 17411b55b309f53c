// The `podman create` arguments of a Toolbx container, argument by argument,
// for each host situation `toolbox create` distinguishes.
import { describe, expect, it } from 'vitest';
import { chooseEntryPoint, podmanCreateArgs, type EntryPoint } from '../../electron/services/toolbox/createArgs.js';
import { normalizeOptions, optionProblems, reservedDestinations } from '../../electron/services/toolbox/createOptions.js';
import type { HostFacts } from '../../electron/services/toolbox/hostFacts.js';
import { ToolshedError } from '../../shared/errors.js';

const rootFacts: HostFacts = {
  uid: 0,
  gid: 0,
  user: 'root',
  home: '/root',
  homeRealPath: '/root',
  shell: '/bin/bash',
  rootless: false,
  runtimeMount: '/run/toolbox',
  media: 'dir',
  mnt: 'dir',
  homeIsLink: false,
  runMedia: true,
  dbusSystemSocket: '/run/dbus/system_bus_socket',
  serviceSockets: [],
  profileToolboxSh: '/etc/profile.d/toolbox.sh',
  podmanVersion: '4.3.1',
  toolbox: { path: '/usr/bin/toolbox', version: '0.0.99.3' },
};

// a Silverblue-like rootless host: /home, /media and /mnt are links, sockets present
const rootlessFacts: HostFacts = {
  uid: 1000,
  gid: 1000,
  user: 'ada',
  home: '/home/ada',
  homeRealPath: '/var/home/ada',
  shell: '/usr/bin/zsh',
  rootless: true,
  runtimeMount: '/run/user/1000',
  xdgRuntimeDir: '/run/user/1000',
  media: 'link',
  mnt: 'link',
  homeIsLink: true,
  runMedia: true,
  dbusSystemSocket: '/run/dbus/system_bus_socket',
  serviceSockets: ['/run/avahi-daemon/socket', '/run/.heim_org.h5l.kcm-socket', '/run/pcscd/pcscd.comm'],
  podmanVersion: '5.2.0',
  toolbox: { path: '/usr/bin/toolbox', version: '0.1.1' },
};

const hostBinary: EntryPoint = { kind: 'toolbox', binary: '/usr/bin/toolbox', monitorHost: true };
const ownInit: EntryPoint = { kind: 'toolshed-init', script: '/opt/toolshed/assets/toolbox-init.sh' };
const settings = { hostname: 'toolbx' };
const request = (options = normalizeOptions(undefined, { ulimitHost: false })) => ({
  name: 'debian-toolbox-12',
  image: 'localhost/toolshed-fixture:bookworm',
  options,
  toolshedVersion: '0.1.0',
});

/** Every value given to a repeated option, e.g. all --volume specs. */
function values(args: string[], flag: string): string[] {
  const imageAt = args.indexOf('localhost/toolshed-fixture:bookworm');
  return args.slice(0, imageAt).flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}
/** The container command: everything after the image. */
function command(args: string[]): string[] {
  return args.slice(args.indexOf('localhost/toolshed-fixture:bookworm') + 1);
}

describe('podmanCreateArgs', () => {
  it('as root with the host toolbox 0.0.99.3: Toolbx’s arguments, in order', () => {
    expect(podmanCreateArgs(rootFacts, request(), settings, hostBinary)).toEqual([
      '--cgroupns', 'host',
      '--dns', 'none',
      '--no-hosts',
      '--env', 'TOOLBOX_PATH=/usr/bin/toolbox',
      '--hostname', 'toolbx',
      '--ipc', 'host',
      '--network', 'host',
      '--pid', 'host',
      '--privileged',
      '--security-opt', 'label=disable',
      '--userns', 'host',
      '--user', 'root:root',
      '--label', 'com.github.containers.toolbox=true',
      '--label', 'dev.toolshed.version=0.1.0',
      '--label', 'dev.toolshed.options={"volumes":[],"env":[],"ulimitHost":false}',
      '--mount', 'type=devpts,destination=/dev/pts',
      '--name', 'debian-toolbox-12',
      '--volume', '/:/run/host:rslave',
      '--volume', '/dev:/dev:rslave',
      '--volume', '/run/dbus/system_bus_socket:/run/dbus/system_bus_socket',
      '--volume', '/root:/root:rslave',
      '--volume', '/usr/bin/toolbox:/usr/bin/toolbox:ro',
      '--volume', '/run/toolbox:/run/toolbox',
      '--volume', '/media:/media:rslave',
      '--volume', '/mnt:/mnt:rslave',
      '--volume', '/run/media:/run/media:rslave',
      '--volume', '/etc/profile.d/toolbox.sh:/etc/profile.d/toolbox.sh:ro',
      'localhost/toolshed-fixture:bookworm',
      'toolbox', '--log-level', 'debug', 'init-container',
      '--gid', '0', '--home', '/root', '--shell', '/bin/bash', '--uid', '0', '--user', 'root',
      '--monitor-host',
    ]);
  });

  it('rootless: keep-id, XDG_RUNTIME_DIR passed and mounted, the real home mounted, links as init flags, sockets mounted', () => {
    const args = podmanCreateArgs(rootlessFacts, request(), settings, { ...hostBinary, monitorHost: false });
    expect(values(args, '--userns')).toEqual(['keep-id']);
    expect(values(args, '--user')).toEqual(['root:root']);
    expect(values(args, '--env')).toEqual(['TOOLBOX_PATH=/usr/bin/toolbox', 'XDG_RUNTIME_DIR=/run/user/1000']);
    expect(values(args, '--volume')).toEqual([
      '/:/run/host:rslave',
      '/dev:/dev:rslave',
      '/run/dbus/system_bus_socket:/run/dbus/system_bus_socket',
      '/var/home/ada:/var/home/ada:rslave',
      '/usr/bin/toolbox:/usr/bin/toolbox:ro',
      '/run/user/1000:/run/user/1000',
      '/run/media:/run/media:rslave',
      '/run/avahi-daemon/socket:/run/avahi-daemon/socket',
      '/run/.heim_org.h5l.kcm-socket:/run/.heim_org.h5l.kcm-socket',
      '/run/pcscd/pcscd.comm:/run/pcscd/pcscd.comm',
    ]);
    // --home is the passwd home (a link), the mount its real path
    expect(command(args)).toEqual([
      'toolbox', '--log-level', 'debug', 'init-container',
      '--gid', '1000', '--home', '/home/ada', '--shell', '/usr/bin/zsh', '--uid', '1000', '--user', 'ada',
      '--home-link', '--media-link', '--mnt-link',
    ]);
  });

  it('leaves out what the host lacks: D-Bus socket, /media, /mnt, /run/media, toolbox.sh', () => {
    const bare: HostFacts = { ...rootFacts, media: 'absent', mnt: 'absent', runMedia: false, serviceSockets: [] };
    delete bare.dbusSystemSocket;
    delete bare.profileToolboxSh;
    expect(values(podmanCreateArgs(bare, request(), settings, hostBinary), '--volume')).toEqual([
      '/:/run/host:rslave',
      '/dev:/dev:rslave',
      '/root:/root:rslave',
      '/usr/bin/toolbox:/usr/bin/toolbox:ro',
      '/run/toolbox:/run/toolbox',
    ]);
  });

  it('with Toolshed’s own init: the script is /usr/bin/toolbox, no TOOLBOX_PATH, no --monitor-host', () => {
    const args = podmanCreateArgs(rootFacts, request(), settings, ownInit);
    expect(values(args, '--volume')).toContain('/opt/toolshed/assets/toolbox-init.sh:/usr/bin/toolbox:ro');
    expect(values(args, '--volume').filter((v) => v.endsWith(':/usr/bin/toolbox:ro'))).toHaveLength(1);
    expect(values(args, '--env')).toEqual([]);
    expect(command(args)[0]).toBe('toolbox');
    expect(command(args)).not.toContain('--monitor-host');
  });

  it('passes --monitor-host only to a toolbox older than 0.0.99.5, or of unknown version', () => {
    const entry = (version?: string) => chooseEntryPoint({ ...rootFacts, toolbox: version ? { path: '/usr/bin/toolbox', version } : { path: '/usr/bin/toolbox' } }, () => 'unused');
    expect(entry('0.0.99.3')).toEqual({ kind: 'toolbox', binary: '/usr/bin/toolbox', monitorHost: true });
    expect(entry('0.0.99.4')).toMatchObject({ monitorHost: true });
    expect(entry('0.0.99.5')).toMatchObject({ monitorHost: false });
    expect(entry('0.1.2')).toMatchObject({ monitorHost: false });
    expect(entry()).toMatchObject({ monitorHost: true });
    expect(command(podmanCreateArgs(rootFacts, request(), settings, entry('0.1.2')))).not.toContain('--monitor-host');
  });

  it('uses the own init when the host has no toolbox binary (and only then asks for the script)', () => {
    const noToolbox = { ...rootFacts };
    delete noToolbox.toolbox;
    expect(chooseEntryPoint(noToolbox, () => '/x/toolbox-init.sh')).toEqual({ kind: 'toolshed-init', script: '/x/toolbox-init.sh' });
    expect(chooseEntryPoint(rootFacts, () => {
      throw new Error('not needed');
    }).kind).toBe('toolbox');
  });

  it('adds --ulimit host when the options say so, and --cgroupns host only on podman 4 and later', () => {
    const on = podmanCreateArgs(rootFacts, request(normalizeOptions({ ulimitHost: true }, { ulimitHost: false })), settings, hostBinary);
    expect(values(on, '--ulimit')).toEqual(['host']);
    expect(values(podmanCreateArgs(rootFacts, request(normalizeOptions({}, { ulimitHost: true })), settings, hostBinary), '--ulimit')).toEqual(['host']);
    expect(values(podmanCreateArgs(rootFacts, request(normalizeOptions({ ulimitHost: false }, { ulimitHost: true })), settings, hostBinary), '--ulimit')).toEqual([]);
    expect(values(podmanCreateArgs({ ...rootFacts, podmanVersion: '3.4.4' }, request(), settings, hostBinary), '--cgroupns')).toEqual([]);
  });

  it('adds extra volumes and environment after Toolbx’s own, and records the options in a label', () => {
    const options = normalizeOptions(
      {
        volumes: [{ hostPath: '/srv/data/', containerPath: '/data', readOnly: true }, { hostPath: '/srv//cache', containerPath: '/cache' }],
        env: [{ name: 'EDITOR', value: 'vim -u NONE' }, { name: 'EMPTY', value: '' }],
      },
      { ulimitHost: false },
    );
    const args = podmanCreateArgs(rootFacts, request(options), { hostname: 'devbox' }, hostBinary);
    expect(values(args, '--volume').slice(-2)).toEqual(['/srv/data:/data:ro', '/srv/cache:/cache']);
    expect(values(args, '--env')).toEqual(['TOOLBOX_PATH=/usr/bin/toolbox', 'EDITOR=vim -u NONE', 'EMPTY=']);
    expect(values(args, '--hostname')).toEqual(['devbox']);
    const labels = values(args, '--label');
    const recorded = labels.find((l) => l.startsWith('dev.toolshed.options='))!.slice('dev.toolshed.options='.length);
    expect(JSON.parse(recorded)).toEqual({
      volumes: [
        { hostPath: '/srv/data', containerPath: '/data', readOnly: true },
        { hostPath: '/srv/cache', containerPath: '/cache', readOnly: false },
      ],
      env: [{ name: 'EDITOR', value: 'vim -u NONE' }, { name: 'EMPTY', value: '' }],
      ulimitHost: false,
    });
  });

  it('never puts a value that podman could read as an option where a value or the image goes', () => {
    expect(() => podmanCreateArgs(rootFacts, { ...request(), name: '-rm' }, settings, hostBinary)).toThrow(ToolshedError);
    expect(() => podmanCreateArgs(rootFacts, { ...request(), image: '--privileged' }, settings, hostBinary)).toThrow(/may not start with "-"/);
    expect(() => podmanCreateArgs(rootFacts, request(), { hostname: '-h' }, hostBinary)).toThrow(ToolshedError);
  });
});

describe('create options', () => {
  it('refuses container paths the setup mounts, twice-used paths and names, and reserved variables', () => {
    const options = normalizeOptions(
      {
        volumes: [
          { hostPath: '/srv', containerPath: '/run/host/' },
          { hostPath: '/srv', containerPath: '/data' },
          { hostPath: '/opt', containerPath: '/data' },
          { hostPath: '/srv', containerPath: '/root' },
        ],
        env: [{ name: 'XDG_RUNTIME_DIR', value: '/tmp' }, { name: 'A', value: '1' }, { name: 'A', value: '2' }],
      },
      { ulimitHost: false },
    );
    expect(optionProblems(options, rootFacts)).toEqual([
      '/run/host is already mounted by the toolbox setup; choose another container path.',
      '/data is the container path of two volumes.',
      '/root is already mounted by the toolbox setup; choose another container path.',
      'XDG_RUNTIME_DIR is set by the toolbox setup and cannot be changed.',
      'A is set twice.',
    ]);
    expect(optionProblems(normalizeOptions({ volumes: [{ hostPath: '/srv', containerPath: '/srv' }] }, { ulimitHost: false }), rootFacts)).toEqual([]);
  });

  it('reserves exactly the destinations the setup mounts on this host', () => {
    expect(reservedDestinations(rootFacts)).toEqual([
      '/', '/run/host', '/dev', '/dev/pts', '/usr/bin/toolbox', '/root', '/run/toolbox',
      '/run/dbus/system_bus_socket', '/media', '/mnt', '/run/media', '/etc/profile.d/toolbox.sh',
    ]);
    // links become init flags, not mounts: /media and /mnt stay free
    expect(reservedDestinations(rootlessFacts)).not.toContain('/media');
  });
});
