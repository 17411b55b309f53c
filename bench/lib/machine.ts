// The machine a run was measured on, in one line for the table's caption and
// field by field for the JSON.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { asRootlessUser } from '../../test/support/rootless.js';
import type { MachineInfo } from './results.js';

function output(command: string, args: string[], rootless = false): string {
  try {
    const [file, fileArgs] = rootless ? asRootlessUser(command, args) : [command, args];
    return execFileSync(file, fileArgs, { encoding: 'utf8', cwd: '/tmp', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim();
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

export function describeMachine(chromiumPath: string): MachineInfo {
  const cpus = os.cpus();
  // one `podman info` (it is slow) for both root fields
  const [rootStorage = 'unknown', ociRuntime = 'unknown'] = output('podman', [
    'info',
    '--format',
    '{{.Store.GraphDriverName}} {{.Host.OCIRuntime.Name}}',
  ]).split(' ');
  const info = {
    os: osName(),
    kernel: os.release(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: String(cpus.length),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    podman: output('podman', ['--version']).replace(/^podman version /, ''),
    storage: `${rootStorage} (root), ${output('podman', ['info', '--format', '{{.Store.GraphDriverName}}'], true)} (rootless)`,
    ociRuntime,
    toolbox: output('toolbox', ['--version']).replace(/^toolbox version /, ''),
    distrobox: output('distrobox', ['version']).replace(/^distrobox: /, ''),
    node: process.version,
    chromium: output(chromiumPath, ['--version'])
      .replace(/^Chromium /, '')
      .replace(/ built on .*/, ''),
  };
  const description =
    `${info.os}, kernel ${info.kernel}, ${info.cores} × ${info.cpu}, ${info.memory} RAM; ` +
    `podman ${info.podman} (${info.ociRuntime}; storage ${info.storage}), toolbox ${info.toolbox}, distrobox ${info.distrobox}, ` +
    `Node ${info.node}, Chromium ${info.chromium}`;
  return { description, ...info };
}
