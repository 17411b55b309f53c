// What a Toolbx container looks like from inside, gathered in one `podman exec`
// so a Toolshed-made and a CLI-made container can be compared field by field.
import { parseToolboxVersion } from '../../electron/services/toolbox/hostFacts.js';
import { toolboxBehaviour, type ToolboxBehaviour } from '../../electron/services/toolbox/toolboxVersions.js';
import { execFile } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a host command (podman, toolbox), never throwing: the exit code is part of the answer. */
export function run(command: string, args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: '/tmp', encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Inside {
  uid: string;
  gid: string;
  /** The user's passwd entry fields. */
  home: string;
  shell: string;
  /** Exit code of `sudo -n true` run as the user. */
  sudo: string;
  /** A file written on the host, read back through /run/host. */
  hostMarker: string;
  resolvConf: string;
  localtime: string;
  hostname: string;
  /** The extra variable and volume, when the test set them. */
  env: string;
  volumeFile: string;
  /** Exit code of writing into the extra volume. */
  volumeWrite: string;
  /** /run/.toolboxenv exists (tools inside test it). */
  toolboxenv: string;
}

const SCRIPT = `
user=$1 marker=$2 var=$3 dir=$4
entry=$(getent passwd "$user")
echo "uid=$(id -u)"
echo "gid=$(id -g)"
echo "home=$(echo "$entry" | cut -d: -f6)"
echo "shell=$(echo "$entry" | cut -d: -f7)"
sudo -n true >/dev/null 2>&1; echo "sudo=$?"
echo "hostMarker=$(cat "/run/host$marker" 2>&1)"
echo "resolvConf=$(readlink /etc/resolv.conf)"
echo "localtime=$(readlink /etc/localtime)"
echo "hostname=$(cat /proc/sys/kernel/hostname)"
echo "env=$(printenv "$var" || echo '<unset>')"
echo "volumeFile=$(cat "$dir/hello" 2>&1)"
touch "$dir/written-by-test" >/dev/null 2>&1; echo "volumeWrite=$?"
test -e /run/.toolboxenv; echo "toolboxenv=$?"
`;

/** Looks inside `name` as `user`, through `podman` (a path: the rootless wrapper works too). */
export async function lookInside(podman: string, name: string, user: string, probe: { marker: string; envName?: string; volumeDir?: string }): Promise<Inside> {
  const result = await run(podman, [
    'exec',
    '--user',
    user,
    name,
    'sh',
    '-c',
    SCRIPT,
    'sh',
    user,
    probe.marker,
    probe.envName ?? 'TSH_CREATE_UNSET',
    probe.volumeDir ?? '/nonexistent',
  ]);
  if (result.code !== 0) throw new Error(`podman exec in ${name} failed (${result.code}): ${result.stderr}`);
  return Object.fromEntries(
    result.stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as unknown as Inside;
}

export interface Outside {
  labels: Record<string, string>;
  cmd: string[];
  hostname: string;
  /** The host path mounted at /usr/bin/toolbox. */
  toolboxSource: string | undefined;
  state: string;
  /** What `podman create` was told that a container shows: cgroup namespace, ulimits, mounts (destination: options). */
  setup: { cgroupns: string; mounts: string[]; ulimits: string[] };
}

/** The toolbox CLI installed here (for `podman` or the rootless wrapper), and what its `toolbox create` does. */
export async function installedToolbox(): Promise<ToolboxBehaviour> {
  const result = await run('toolbox', ['--version']);
  return toolboxBehaviour(parseToolboxVersion(result.stdout) ?? 'unknown');
}

export async function lookOutside(podman: string, name: string): Promise<Outside> {
  const result = await run(podman, ['inspect', '--type', 'container', '--format', 'json', name]);
  if (result.code !== 0) throw new Error(`podman inspect ${name} failed: ${result.stderr}`);
  const [info] = JSON.parse(result.stdout) as {
    Config: { Labels: Record<string, string> | null; Cmd: string[]; Hostname: string };
    Mounts: { Source: string; Destination: string; Options?: string[] }[];
    State: { Status: string };
    HostConfig: { CgroupMode?: string; Ulimits?: { Name: string }[] | null };
  }[];
  return {
    labels: info!.Config.Labels ?? {},
    cmd: info!.Config.Cmd,
    hostname: info!.Config.Hostname,
    toolboxSource: info!.Mounts.find((m) => m.Destination === '/usr/bin/toolbox')?.Source,
    state: info!.State.Status,
    setup: {
      cgroupns: info!.HostConfig.CgroupMode ?? '',
      mounts: info!.Mounts.map((m) => m.Destination).sort(),
      ulimits: (info!.HostConfig.Ulimits ?? []).map((u) => u.Name).sort(),
    },
  };
}

/** True when podman knows a container of that name. */
export async function containerExists(podman: string, name: string): Promise<boolean> {
  return (await run(podman, ['container', 'exists', name])).code === 0;
}
