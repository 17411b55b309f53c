// What a tab runs: the `podman exec` of `toolbox enter`, distrobox enter, or
// the host's shell, as argument arrays built from the host user's facts.
import { describe, expect, it } from 'vitest';
import {
  SESSION_MARK_VAR,
  distroboxCommand,
  hostShellCommand,
  localEnvironment,
  preservedEnvironment,
  toolboxEnterArgs,
  type HostUser,
} from '../../electron/services/terminal/enterArgs.js';
import { toolboxBehaviour } from '../../electron/services/toolbox/toolboxVersions.js';

const env: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/home/ada',
  USER: 'ada',
  SHELL: '/bin/zsh',
  LANG: 'de_DE.UTF-8',
  LC_TIME: 'en_GB.UTF-8',
  DISPLAY: ':0',
  WAYLAND_DISPLAY: 'wayland-0',
  XDG_RUNTIME_DIR: '/run/user/1000',
  XDG_SESSION_TYPE: 'wayland',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
  SSH_AUTH_SOCK: '/run/user/1000/ssh agent.sock',
  HISTSIZE: '5000',
  TERM: 'dumb',
  COLORTERM: '',
  TOOLSHED_TOKEN: 'secret',
  AWS_SECRET_ACCESS_KEY: 'also-secret',
};
const host: HostUser = { user: 'ada', home: '/home/ada', shell: '/bin/zsh', env };

const newest = toolboxBehaviour('none').preservedVariables;

describe('the environment a toolbox tab carries in', () => {
  it('keeps what `toolbox enter` of each release keeps (src/pkg/utils/utils.go preservedEnvironmentVariables), and nothing else', () => {
    const oldest = toolboxBehaviour('0.0.99.3').preservedVariables;
    for (const name of [
      'LANG',
      'DISPLAY',
      'WAYLAND_DISPLAY',
      'XAUTHORITY',
      'XDG_RUNTIME_DIR',
      'XDG_DATA_DIRS',
      'DBUS_SYSTEM_BUS_ADDRESS',
      'SSH_AUTH_SOCK',
      'SHELL',
      'USER',
      'TOOLBOX_PATH',
    ]) {
      expect(oldest, name).toContain(name);
    }
    expect(oldest).toHaveLength(23);
    expect(toolboxBehaviour('0.0.99.4').preservedVariables).toEqual([...oldest, 'XDG_SESSION_CLASS'].sort());
    expect(toolboxBehaviour('0.0.99.5').preservedVariables).toEqual(expect.arrayContaining(['HISTFILE', 'HISTSIZE', 'HISTTIMEFORMAT']));
    expect(toolboxBehaviour('0.1.2').preservedVariables).toEqual(expect.arrayContaining(['CONTAINERS_STORAGE_CONF', 'KONSOLE_VERSION', 'XTERM_VERSION']));
    expect(toolboxBehaviour('0.1.2').preservedVariables).not.toContain('HOME');
    expect(newest).toEqual(expect.arrayContaining(['HOME', 'KDE_FULL_SESSION', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME']));
    expect(newest).toHaveLength(23 + 1 + 6 + 3 + 10);
    for (const name of ['PATH', 'TOOLSHED_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'LD_PRELOAD', 'PWD', 'LC_TIME']) expect(newest, name).not.toContain(name);
  });

  it('says it is xterm-256color with true colour whatever the engine was started from', () => {
    const chosen = Object.fromEntries(preservedEnvironment(env, newest));
    expect(chosen).toMatchObject({ TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'de_DE.UTF-8' });
    expect(chosen).not.toHaveProperty('PATH');
    expect(chosen).not.toHaveProperty('TOOLSHED_TOKEN');
    expect(Object.keys(chosen)).toEqual([...Object.keys(chosen)].sort());
  });
});

describe('toolboxEnterArgs', () => {
  const args = toolboxEnterArgs({ container: 'fedora-toolbox-40', preserved: newest, host, extraEnv: { [SESSION_MARK_VAR]: 'm1' } });

  it('runs podman exec like `toolbox enter`: interactive tty, no detach keys, as the user, in $HOME', () => {
    expect(args.slice(0, 4)).toEqual(['--detach-keys', '', '--interactive', '--tty']);
    expect(args[args.indexOf('--user') + 1]).toBe('ada');
    expect(args[args.indexOf('--workdir') + 1]).toBe('/home/ada');
    expect(args).toContain(`--env=${SESSION_MARK_VAR}=m1`);
    expect(args).toContain('--env=SSH_AUTH_SOCK=/run/user/1000/ssh agent.sock');
    expect(args).toContain('--env=TERM=xterm-256color');
    expect(args.some((a) => a.startsWith('--env=PATH=') || a.includes('secret'))).toBe(false);
  });

  it('names the container after "--" and runs the login shell through capsh, with user data only as arguments', () => {
    const end = args.indexOf('--');
    expect(args.slice(end + 1, end + 5)).toEqual(['fedora-toolbox-40', 'capsh', '--caps=', '--']);
    expect(args.slice(-3)).toEqual(['/bin/sh', '/bin/zsh', '-l']);
    const script = args.at(-4)!;
    expect(args.at(-5)).toBe('-c');
    expect(script).toContain('exec "$@"');
    expect(script).not.toContain('zsh');
  });

  it('takes a working directory when one is given', () => {
    const inProject = toolboxEnterArgs({ container: 'c', preserved: newest, host, workdir: '/home/ada/src' });
    expect(inProject[inProject.indexOf('--workdir') + 1]).toBe('/home/ada/src');
  });

  it('carries only the variables that are set, as `toolbox enter` does (the user and home still come from the host facts)', () => {
    const bare = toolboxEnterArgs({ container: 'c', preserved: newest, host: { ...host, env: { PATH: '/bin' } } });
    expect(bare.filter((a) => a.startsWith('--env=')).map((a) => a.split('=')[1])).toEqual(['COLORTERM', 'TERM']);
    expect(bare[bare.indexOf('--user') + 1]).toBe('ada');
    expect(bare[bare.indexOf('--workdir') + 1]).toBe('/home/ada');
  });

  it('keeps a hostile value in a single argument', () => {
    const nasty = toolboxEnterArgs({ container: 'c', preserved: newest, host: { ...host, env: { LANG: 'x; rm -rf / #', DISPLAY: '$(reboot)' } } });
    expect(nasty).toContain('--env=LANG=x; rm -rf / #');
    expect(nasty).toContain('--env=DISPLAY=$(reboot)');
  });
});

describe('the local process of a tab', () => {
  it('runs podman with the engine environment minus its token, plus the terminal type', () => {
    const env = localEnvironment(host.env);
    expect(env).toMatchObject({ PATH: '/usr/bin', TERM: 'xterm-256color', COLORTERM: 'truecolor' });
    expect(env).not.toHaveProperty('TOOLSHED_TOKEN');
    // the mark goes into the container only (podman's own processes must not look like the shell)
    expect(env).not.toHaveProperty(SESSION_MARK_VAR);
  });

  it('enters distrobox containers by name with the mark in the environment it carries in', () => {
    const command = distroboxCommand('arch-box', host, { [SESSION_MARK_VAR]: 'm2' });
    expect([command.file, ...command.args]).toEqual(['distrobox', 'enter', '--name', 'arch-box']);
    expect(command.env[SESSION_MARK_VAR]).toBe('m2');
  });

  it('opens the host shell as a login shell in $HOME', () => {
    const command = hostShellCommand(host, { [SESSION_MARK_VAR]: 'm3' });
    expect([command.file, ...command.args]).toEqual(['/bin/zsh', '-l']);
    expect(command.cwd).toBe('/home/ada');
    expect(localEnvironment({ A: '1', TOOLSHED_TOKEN: 't' })).toEqual({ A: '1', TERM: 'xterm-256color', COLORTERM: 'truecolor' });
  });
});
