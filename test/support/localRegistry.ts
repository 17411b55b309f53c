// A throwaway image registry on loopback (Debian's docker-registry package),
// plus a scratch image store and a registries.conf that trusts the registry
// over plain HTTP: pulls in tests touch neither the network nor the real store.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REGISTRY_BINARY = process.env.TOOLSHED_DOCKER_REGISTRY ?? '/usr/bin/docker-registry';

export interface LocalRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  /** Environment for podman (and an engine) that uses the scratch store and trusts the registry. */
  env: NodeJS.ProcessEnv;
  /** Copies a local image (from the real store) into the registry under `name`. */
  push(image: string, name: string): string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not listen on ${port}: ${log()}`);
}

export async function startLocalRegistry(options: { searchRegistry?: boolean } = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsh-wiz-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  writeFileSync(
    path.join(dir, 'registry.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/blobs\nhttp:\n  addr: ${host}\n`,
  );
  writeFileSync(path.join(dir, 'storage.conf'), `[storage]\ndriver = "overlay"\ngraphroot = "${dir}/store"\nrunroot = "${dir}/run"\n`);
  writeFileSync(
    path.join(dir, 'registries.conf'),
    `${options.searchRegistry ? `unqualified-search-registries = ["${host}"]\n` : ''}[[registry]]\nlocation = "${host}"\ninsecure = true\n`,
  );
  let output = '';
  const child = spawn(REGISTRY_BINARY, ['serve', path.join(dir, 'registry.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  await waitForPort(port, child, () => output);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONTAINERS_STORAGE_CONF: path.join(dir, 'storage.conf'),
    CONTAINERS_REGISTRIES_CONF: path.join(dir, 'registries.conf'),
  };
  return {
    host,
    env,
    push(image, name) {
      const target = `${host}/${name}`;
      execFileSync('podman', ['push', '--tls-verify=false', image, target], { cwd: '/tmp', stdio: 'pipe' });
      return target;
    },
    stop() {
      child.kill('SIGTERM');
      // the scratch store goes with its folder (no podman rmi: a mistake there would hit the real store)
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
