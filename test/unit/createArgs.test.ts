// The `podman create` arguments of a Toolbx container, argument by argument,
// for each host situation `toolbox create` distinguishes.
import { describe, expect, it } from 'vitest';
import { chooseEntryPoint, podmanCreateArgs, type EntryPoint } from '../../electron/services/toolbox/createArgs.js';
import { normalizeOptions, optionProblems, reservedDestinations } from '../../electron/services/toolbox/createOptions.js';
import type { HostFacts } from '../../electron/services/toolbox/hostFacts.js';
import { ToolshedError } from '../../shared/errors.js';
import { rootFacts } from '../support/hostFacts.js';

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

const hostBinary: EntryPoint = { kind: 'toolbox', binary: '/usr/bin/toolbox' };
const ownInit: EntryPoint = { kind: 'toolshed-init', script: '/opt/toolshed/assets/toolbox-init.sh' };
const asToolbx = { hostname: null };
const request = (options = normalizeOptions(undefined, { ulimitHost: false })) => ({
  name: 'debian-toolbox-12',
  image: 'localhost/toolshed-fixture:bookworm',
  options,
  toolshedVersion: '0.1.0',
});
const withVersion = (facts: HostFacts, version: string): HostFacts => ({ ...facts, toolbox: { path: '/usr/bin/toolbox', version } });

/** Every value given to a repeated option, e.g. all --volume specs. */
function values(args: string[], flag: string): string[] {
  const imageAt = args.indexOf('localhost/toolshed-fixture:bookworm');
  return args.slice(0, imageAt).flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}
/** The container command: everything after the image. */
function command(args: string[]): string[] {
  return args.slice(args.indexOf('localhost/toolshed-fixture:bookworm') + 1);
}

// What each release's `toolbox create` passes to `podman create` for a root
// host like Debian 12's (D-Bus socket, /media, /mnt, /run/media, toolbox.sh;
// $HOME set to another folder than the passwd home), `--ulimit host` on, in
// its order (src/cmd/create.go, function createContainer, at each tag of
// github.com/containers/toolbox). Toolshed's labels come after Toolbx's own.
const root = { ...rootFacts, environmentHome: { home: '/srv/root-home', realPath: '/srv/root-home' } };
const labels = [
  '--label',
  'com.github.containers.toolbox=true',
  '--label',
  'dev.toolshed.version=0.1.0',
  '--label',
  'dev.toolshed.options={"volumes":[],"env":[],"ulimitHost":true}',
];
const middle = [
  '--mount',
  'type=devpts,destination=/dev/pts',
  '--name',
  'debian-toolbox-12',
  '--network',
  'host',
  '--no-hosts',
  '--pid',
  'host',
  '--privileged',
  '--security-opt',
  'label=disable',
  '--ulimit',
  'host',
  '--userns',
  'host',
  '--user',
  'root:root',
  '--volume',
  '/:/run/host:rslave',
  '--volume',
  '/dev:/dev:rslave',
  '--volume',
  '/run/dbus/system_bus_socket:/run/dbus/system_bus_socket',
];
const after = (home: string) => [
  '--volume',
  `${home}:${home}:rslave`,
  '--volume',
  '/usr/bin/toolbox:/usr/bin/toolbox:ro',
  '--volume',
  '/run/toolbox:/run/toolbox',
  '--volume',
  '/media:/media:rslave',
  '--volume',
  '/mnt:/mnt:rslave',
  '--volume',
  '/run/media:/run/media:rslave',
  '--volume',
  '/etc/profile.d/toolbox.sh:/etc/profile.d/toolbox.sh:ro',
  'localhost/toolshed-fixture:bookworm',
  'toolbox',
  '--log-level',
  'debug',
  'init-container',
  '--gid',
  '0',
  '--home',
  home,
  '--shell',
  '/bin/bash',
  '--uid',
  '0',
  '--user',
  'root',
];

const VERSIONS: { tags: string[]; source: string; args: string[] }[] = [
  {
    tags: ['0.0.99.3'], // Debian 12 and Ubuntu 24.04 ship a snapshot of 446d7bf, between 0.0.99.3 and 0.0.99.4, which creates the same way
    source: 'src/cmd/create.go@0.0.99.3: hostname "toolbox", no --cgroupns, init-container --monitor-host after --user',
    args: [
      '--dns',
      'none',
      '--env',
      'TOOLBOX_PATH=/usr/bin/toolbox',
      '--hostname',
      'toolbox',
      '--ipc',
      'host',
      ...labels,
      ...middle,
      ...after('/root'),
      '--monitor-host',
    ],
  },
  {
    tags: ['0.0.99.4', '0.0.99.4.1'],
    source: 'src/cmd/create.go@0.0.99.4: --cgroupns host first, with no podman version condition',
    args: [
      '--cgroupns',
      'host',
      '--dns',
      'none',
      '--env',
      'TOOLBOX_PATH=/usr/bin/toolbox',
      '--hostname',
      'toolbox',
      '--ipc',
      'host',
      ...labels,
      ...middle,
      ...after('/root'),
      '--monitor-host',
    ],
  },
  {
    tags: ['0.0.99.5', '0.0.99.5.1'],
    source: 'src/cmd/create.go@0.0.99.5: --monitor-host dropped (deprecated, always on in initContainer.go)',
    args: [
      '--cgroupns',
      'host',
      '--dns',
      'none',
      '--env',
      'TOOLBOX_PATH=/usr/bin/toolbox',
      '--hostname',
      'toolbox',
      '--ipc',
      'host',
      ...labels,
      ...middle,
      ...after('/root'),
    ],
  },
  {
    tags: ['0.0.99.6', '0.1.0', '0.1.1', '0.1.2'],
    source: 'src/cmd/create.go@0.0.99.6: hostname "toolbx"; TOOLBX_DELAY_ENTRY_POINT and TOOLBX_FAIL_ENTRY_POINT passed on when set',
    args: [
      '--cgroupns',
      'host',
      '--dns',
      'none',
      '--env',
      'TOOLBX_DELAY_ENTRY_POINT=5',
      '--env',
      'TOOLBOX_PATH=/usr/bin/toolbox',
      '--hostname',
      'toolbx',
      '--ipc',
      'host',
      ...labels,
      ...middle,
      ...after('/root'),
    ],
  },
  {
    tags: ['0.2', '0.3'],
    source: 'src/cmd/create.go@0.2 (and utils.go getCurrentUserHomeDir): the home from $HOME',
    args: [
      '--cgroupns',
      'host',
      '--dns',
      'none',
      '--env',
      'TOOLBX_DELAY_ENTRY_POINT=5',
      '--env',
      'TOOLBOX_PATH=/usr/bin/toolbox',
      '--hostname',
      'toolbx',
      '--ipc',
      'host',
      ...labels,
      ...middle,
      ...after('/srv/root-home'),
    ],
  },
];

describe('podmanCreateArgs: what each toolbox release would run', () => {
  const ulimitOn = request(normalizeOptions({ ulimitHost: true }, { ulimitHost: false }));
  // the entry point hook is in the caller's environment; releases before 0.0.99.6 ignore it
  const env = { TOOLBX_DELAY_ENTRY_POINT: '5' };
  for (const { tags, source, args } of VERSIONS) {
    it.each(tags)(`toolbox %s (${source})`, (tag) => {
      expect(podmanCreateArgs(withVersion(root, tag), ulimitOn, asToolbx, hostBinary, env)).toEqual(args);
    });
  }

  it('with no toolbox on the host: the newest release, with Toolshed’s own init and no TOOLBOX_PATH', () => {
    const bare = { ...root };
    delete bare.toolbox;
    const args = podmanCreateArgs(bare, ulimitOn, asToolbx, ownInit, env);
    expect(args).toEqual([
      '--cgroupns',
      'host',
      '--dns',
      'none',
      '--env',
      'TOOLBX_DELAY_ENTRY_POINT=5',
      '--hostname',
      'toolbx',
      '--ipc',
      'host',
      ...labels,
      ...middle,
      ...after('/srv/root-home').map((arg) =>
        arg === '/usr/bin/toolbox:/usr/bin/toolbox:ro' ? '/opt/toolshed/assets/toolbox-init.sh:/usr/bin/toolbox:ro' : arg,
      ),
    ]);
  });

  it('a toolbox of unknown version gets the oldest release’s arguments (its flags stay accepted later)', () => {
    const unknown = { ...root, toolbox: { path: '/usr/bin/toolbox' } };
    expect(podmanCreateArgs(unknown, ulimitOn, asToolbx, hostBinary, env)).toEqual(VERSIONS[0]!.args);
  });

  it('the hostname setting, when set, wins over the release’s', () => {
    expect(values(podmanCreateArgs(withVersion(root, '0.0.99.3'), ulimitOn, { hostname: 'devbox' }, hostBinary), '--hostname')).toEqual(['devbox']);
  });
});

describe('podmanCreateArgs', () => {
  it('rootless: keep-id, XDG_RUNTIME_DIR passed and mounted, the real home mounted, links as init flags, sockets mounted in Toolbx’s order', () => {
    const args = podmanCreateArgs(rootlessFacts, request(), asToolbx, hostBinary);
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
      '/run/avahi-daemon/socket:/run/avahi-daemon/socket',
      '/run/.heim_org.h5l.kcm-socket:/run/.heim_org.h5l.kcm-socket',
      '/run/pcscd/pcscd.comm:/run/pcscd/pcscd.comm',
      '/run/media:/run/media:rslave',
    ]);
    // --home is the passwd home (a link), the mount its real path
    expect(command(args)).toEqual([
      'toolbox',
      '--log-level',
      'debug',
      'init-container',
      '--gid',
      '1000',
      '--home',
      '/home/ada',
      '--shell',
      '/usr/bin/zsh',
      '--uid',
      '1000',
      '--user',
      'ada',
      '--home-link',
      '--media-link',
      '--mnt-link',
    ]);
  });

  it('leaves out what the host lacks: D-Bus socket, /media, /mnt, /run/media, toolbox.sh', () => {
    const bare: HostFacts = { ...rootFacts, media: 'absent', mnt: 'absent', runMedia: false, serviceSockets: [] };
    delete bare.dbusSystemSocket;
    delete bare.profileToolboxSh;
    expect(values(podmanCreateArgs(bare, request(), asToolbx, hostBinary), '--volume')).toEqual([
      '/:/run/host:rslave',
      '/dev:/dev:rslave',
      '/root:/root:rslave',
      '/usr/bin/toolbox:/usr/bin/toolbox:ro',
      '/run/toolbox:/run/toolbox',
    ]);
  });

  it('with Toolshed’s own init: the script is /usr/bin/toolbox, no TOOLBOX_PATH, no --monitor-host', () => {
    const args = podmanCreateArgs(rootFacts, request(), asToolbx, ownInit);
    expect(values(args, '--volume')).toContain('/opt/toolshed/assets/toolbox-init.sh:/usr/bin/toolbox:ro');
    expect(values(args, '--volume').filter((v) => v.endsWith(':/usr/bin/toolbox:ro'))).toHaveLength(1);
    expect(values(args, '--env')).toEqual([]);
    expect(command(args)[0]).toBe('toolbox');
    expect(command(args)).not.toContain('--monitor-host');
  });

  it('uses the own init when the host has no toolbox binary (and only then asks for the script)', () => {
    const noToolbox = { ...rootFacts };
    delete noToolbox.toolbox;
    expect(chooseEntryPoint(noToolbox, () => '/x/toolbox-init.sh')).toEqual({ kind: 'toolshed-init', script: '/x/toolbox-init.sh' });
    expect(
      chooseEntryPoint(rootFacts, () => {
        throw new Error('not needed');
      }),
    ).toEqual({ kind: 'toolbox', binary: '/usr/bin/toolbox' });
  });

  it('leaves --ulimit host out when the options say so', () => {
    expect(values(podmanCreateArgs(rootFacts, request(normalizeOptions({}, { ulimitHost: true })), asToolbx, hostBinary), '--ulimit')).toEqual(['host']);
    expect(
      values(podmanCreateArgs(rootFacts, request(normalizeOptions({ ulimitHost: false }, { ulimitHost: true })), asToolbx, hostBinary), '--ulimit'),
    ).toEqual([]);
  });

  it('adds extra volumes and environment after Toolbx’s own, and records the options in a label', () => {
    const options = normalizeOptions(
      {
        volumes: [
          { hostPath: '/srv/data/', containerPath: '/data', readOnly: true },
          { hostPath: '/srv//cache', containerPath: '/cache' },
        ],
        env: [
          { name: 'EDITOR', value: 'vim -u NONE' },
          { name: 'EMPTY', value: '' },
        ],
      },
      { ulimitHost: false },
    );
    const args = podmanCreateArgs(rootFacts, request(options), { hostname: 'devbox' }, hostBinary);
    expect(values(args, '--volume').slice(-2)).toEqual(['/srv/data:/data:ro', '/srv/cache:/cache']);
    expect(values(args, '--env')).toEqual(['TOOLBOX_PATH=/usr/bin/toolbox', 'EDITOR=vim -u NONE', 'EMPTY=']);
    expect(values(args, '--hostname')).toEqual(['devbox']);
    const labelValues = values(args, '--label');
    const recorded = labelValues.find((l) => l.startsWith('dev.toolshed.options='))!.slice('dev.toolshed.options='.length);
    expect(JSON.parse(recorded)).toEqual({
      volumes: [
        { hostPath: '/srv/data', containerPath: '/data', readOnly: true },
        { hostPath: '/srv/cache', containerPath: '/cache', readOnly: false },
      ],
      env: [
        { name: 'EDITOR', value: 'vim -u NONE' },
        { name: 'EMPTY', value: '' },
      ],
      ulimitHost: false,
    });
  });

  it('from a commit of a toolbox: drops the variables the setup no longer has and those of another entry point, and pins HOSTNAME to the new hostname', () => {
    const imageEnv = ['PATH=/usr/bin', 'TOOLBOX_PATH=/usr/bin/toolbox', 'XDG_RUNTIME_DIR=/run/user/1000', 'EDITOR=vim', 'OLD=1', 'HOSTNAME=toolbox'];
    const args = podmanCreateArgs(rootFacts, { ...request(), fromCommit: { imageEnv, removedEnv: ['OLD', 'NEVER_SET'] } }, { hostname: 'renamed' }, ownInit);
    expect(values(args, '--unsetenv').sort()).toEqual(['OLD', 'TOOLBOX_PATH', 'XDG_RUNTIME_DIR']);
    expect(values(args, '--env')).toEqual(['HOSTNAME=renamed']);
    // the same commit with the host's toolbox keeps TOOLBOX_PATH (set again anyway), and an image without HOSTNAME gets none
    const again = podmanCreateArgs(rootFacts, { ...request(), fromCommit: { imageEnv: imageEnv.slice(0, 2), removedEnv: [] } }, asToolbx, hostBinary);
    expect(values(again, '--unsetenv')).toEqual([]);
    expect(values(again, '--env')).toEqual(['TOOLBOX_PATH=/usr/bin/toolbox']);
  });

  it('never puts a value that podman could read as an option where a value or the image goes', () => {
    expect(() => podmanCreateArgs(rootFacts, { ...request(), name: '-rm' }, asToolbx, hostBinary)).toThrow(ToolshedError);
    expect(() => podmanCreateArgs(rootFacts, { ...request(), image: '--privileged' }, asToolbx, hostBinary)).toThrow(/may not start with "-"/);
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
        env: [
          { name: 'XDG_RUNTIME_DIR', value: '/tmp' },
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
      { ulimitHost: false },
    );
    expect(optionProblems(options, rootFacts)).toEqual([
      '/run/host is under /run, where no folder can be mounted: Toolbx shares the host there (/run/host) and keeps its own state. Choose another path in the toolbox, e.g. /opt/data.',
      '/data is the container path of two volumes.',
      '/root is already mounted by the toolbox setup; choose another container path.',
      'XDG_RUNTIME_DIR is set by the toolbox setup and cannot be changed.',
      'A is set twice.',
    ]);
    expect(optionProblems(normalizeOptions({ volumes: [{ hostPath: '/srv', containerPath: '/srv' }] }, { ulimitHost: false }), rootFacts)).toEqual([]);
  });

  it('reserves exactly the destinations the setup mounts on this host', () => {
    expect(reservedDestinations(rootFacts)).toEqual([
      '/',
      '/run/host',
      '/dev',
      '/dev/pts',
      '/usr/bin/toolbox',
      '/root',
      '/run/toolbox',
      '/run/dbus/system_bus_socket',
      '/media',
      '/mnt',
      '/run/media',
      '/etc/profile.d/toolbox.sh',
    ]);
    // links become init flags, not mounts: /media and /mnt stay free
    expect(reservedDestinations(rootlessFacts)).not.toContain('/media');
  });
});
