// One-click create: with no toolbox at all, the empty list offers the toolbox
// Toolbx would make (here toolbox.conf's image), and one click makes it.
// Runs its own Toolshed (served or desktop, as the project) on real podman with a scratch storage (so the
// machine's other toolboxes do not hide the empty list), the fixture image
// copied in, and a toolbox.conf naming it.
import { expect, showUi, startAnother, test, type Toolshed } from './support/toolshed.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_IMAGE } from './support/server.js';

const DEFAULT_NAME = 'toolshed-fixture-bookworm';
let scratch = '';
let scratchPodman = '';
let instance: Toolshed | undefined;

const inScratch = (...args: string[]) => execFileSync(scratchPodman, args, { encoding: 'utf8', cwd: '/tmp' }).trim();

test.beforeAll(async ({ toolshed }) => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'toolshed-one-click-'));
  scratchPodman = path.join(scratch, 'bin', 'podman');
  // the real podman, on its own storage and state (nothing shared with the machine's podman but the binary)
  mkdirSync(path.dirname(scratchPodman));
  writeFileSync(scratchPodman, `#!/bin/sh\nexec /usr/bin/podman --root '${scratch}/root' --runroot '${scratch}/run' --tmpdir '${scratch}/tmp' "$@"\n`);
  chmodSync(scratchPodman, 0o755);
  const archive = path.join(scratch, 'image.tar');
  execFileSync('podman', ['save', '--quiet', '-o', archive, FIXTURE_IMAGE]);
  inScratch('load', '--quiet', '-i', archive);
  rmSync(archive);
  const config = path.join(scratch, 'config');
  mkdirSync(path.join(config, 'containers'), { recursive: true });
  writeFileSync(path.join(config, 'containers', 'toolbox.conf'), `[general]\nimage = "${FIXTURE_IMAGE}"\n`);

  instance = await startAnother(toolshed.kind, { env: { PATH: `${path.dirname(scratchPodman)}:${process.env.PATH ?? ''}`, XDG_CONFIG_HOME: config } });
});

test.afterAll(async () => {
  await instance?.stop();
  // containers and images of the scratch storage only (no `system reset`: it also clears shared configuration)
  for (const args of [
    ['rm', '--all', '--force', '--time', '0'],
    ['rmi', '--all', '--force'],
  ]) {
    try {
      inScratch(...args);
    } catch {
      // best effort: the folder goes anyway
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

test('with no toolbox, one click creates the default one and it runs', async ({ page: pageOfTheSuite }) => {
  const { page, close } = await showUi(instance!, pageOfTheSuite);
  try {
    const button = page.getByRole('button', { name: `Create ${DEFAULT_NAME}` });
    await expect(button).toBeVisible();
    await expect(page.getByText(FIXTURE_IMAGE)).toBeVisible();
    await button.click();
    await expect(page.locator(`li[role="option"][data-name="${DEFAULT_NAME}"]`)).toHaveAttribute('data-state', 'running', { timeout: 60_000 });
    expect(inScratch('inspect', '--format', '{{.State.Status}}', DEFAULT_NAME)).toBe('running');
    expect(inScratch('inspect', '--format', '{{index .Config.Labels "com.github.containers.toolbox"}}', DEFAULT_NAME)).toBe('true');
  } finally {
    await close();
  }
});
