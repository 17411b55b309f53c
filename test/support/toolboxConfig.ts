// A scratch XDG_CONFIG_HOME that a test gives Toolshed (to keep its settings
// apart) is also where the host's toolbox keeps its own state, for the
// `toolbox run` of a tab: with none there, toolbox thinks podman was just
// upgraded and runs `podman system migrate`, which stops every container on
// the machine, and shows its first-run welcome. What the user's toolbox
// already knows is put there first: the podman version it migrated to.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function seedToolboxConfig(configHome: string): void {
  const dir = path.join(configHome, 'toolbox');
  const stamp = path.join(dir, 'podman-system-migrate');
  if (existsSync(stamp)) return;
  const own = path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'toolbox', 'podman-system-migrate');
  const version = existsSync(own)
    ? readFileSync(own, 'utf8')
    : execFileSync('podman', ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8', cwd: '/tmp' }).trim();
  mkdirSync(dir, { recursive: true });
  writeFileSync(stamp, version);
  writeFileSync(path.join(dir, 'toolbox-welcome-shown'), '');
}
