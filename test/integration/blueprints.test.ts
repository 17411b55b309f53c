// Toolboxes made from a blueprint on real podman, offline: the update
// fixture's image and its local apt repository give a package to install
// (tsh-demo 2.0 over the image's 1.0). The toolbox has the package, the hooks'
// work, the folder, the variable and the exported app, and `toolbox run`
// accepts it; a failing hook leaves nothing behind and shows its output.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { missing, podman, removeContainers, testEngine } from '../support/env.js';
import { DEMO_PACKAGE, NEW_VERSION, UPDATE_IMAGE, ensureUpdateFixture } from '../support/updateFixture.js';

const MADE = 'tsh-bp-made';
const BASE = 'tsh-bp-base';
const BROKEN = 'tsh-bp-broken';
const why = missing({ fixture: true, toolbox: true });

const toolboxRun = (name: string, script: string) =>
  execFileSync('toolbox', ['run', '--container', name, 'sh', '-c', script], { cwd: '/tmp', encoding: 'utf8' }).trim();

describe.skipIf(why)(`toolboxes made from a blueprint${why ? ` (skipped: ${why})` : ''}`, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tsh-blueprint-it-'));
  const dataHome = path.join(work, 'data');
  let engine: Engine;
  let operation = 0;
  const apply = (text: string) => engine.api.applyBlueprint({ text, operationId: `op-bp-${(operation += 1)}` });

  beforeAll(() => {
    ensureUpdateFixture();
    removeContainers([MADE, BASE, BROKEN]);
    writeFileSync(path.join(work, 'shared.txt'), 'from the host\n');
    engine = testEngine({ env: { XDG_DATA_HOME: dataHome } });
  });

  afterAll(() => {
    engine?.dispose();
    removeContainers([MADE, BASE, BROKEN]);
    rmSync(work, { recursive: true, force: true });
  });

  it('makes the toolboxes a blueprint describes: package, hooks in order, folder, variable, exported app; toolbox run accepts them', async () => {
    const desktopFile = '[Desktop Entry]\\nType=Application\\nName=Blueprint Demo\\nExec=true\\n';
    const blueprint = [
      `[${BASE}]`,
      `image=${UPDATE_IMAGE}`,
      'env=TSH_BP_VAR=from the blueprint',
      '',
      `[${MADE}]`,
      `include=${BASE}`,
      `additional_packages="${DEMO_PACKAGE}"`,
      'pre_init_hooks="echo pre > /etc/tsh-bp-order"',
      `init_hooks=echo "init $(cat /usr/share/${DEMO_PACKAGE}/version)" >> /etc/tsh-bp-order`,
      `init_hooks=mkdir -p /usr/share/applications && printf '${desktopFile}' > /usr/share/applications/tsh-bp-demo.desktop`,
      `volume=${work}:/srv/blueprint:ro`,
      'exported_apps=tsh-bp-demo',
      'start_now=true',
      'nvidia=true',
    ].join('\n');
    const reading = await engine.api.readBlueprint({ text: blueprint });
    expect(reading.problems).toEqual([]);
    expect(reading.toolboxes.find((t) => t.name === MADE)!.notApplied.map((n) => n.key)).toEqual(['nvidia']);

    const { made } = await apply(blueprint);
    expect(made.map((c) => [c.name, c.state])).toEqual([
      [BASE, 'exited'],
      [MADE, 'running'],
    ]);
    expect(toolboxRun(MADE, `cat /usr/share/${DEMO_PACKAGE}/version`)).toBe(NEW_VERSION);
    expect(toolboxRun(MADE, 'cat /etc/tsh-bp-order')).toBe(`pre\ninit ${NEW_VERSION}`);
    expect(toolboxRun(MADE, 'printenv TSH_BP_VAR; cat /srv/blueprint/shared.txt')).toBe('from the blueprint\nfrom the host');
    expect(toolboxRun(BASE, 'printenv TSH_BP_VAR')).toBe('from the blueprint');
    const entries = readdirSync(path.join(dataHome, 'applications')).filter((f) => f.includes(MADE));
    expect(entries).toHaveLength(1);
    expect(readFileSync(path.join(dataHome, 'applications', entries[0]!), 'utf8')).toContain('Name=Blueprint Demo');
  }, 300_000);

  it('is all or nothing: a failing hook removes every toolbox it made, and says what failed with its output', async () => {
    const blueprint = [`[${BROKEN}]`, `image=${UPDATE_IMAGE}`, 'init_hooks=echo "about to fail" >&2; exit 3'].join('\n');
    const error = await apply(blueprint).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'INIT_FAILED', message: expect.stringMatching(/^The init hook .* failed in tsh-bp-broken \(exit status 3\)\.$/) });
    expect((error as { detail: string }).detail).toMatch(/about to fail[\s\S]*Removed again: tsh-bp-broken\./);
    expect(() => podman('container', 'exists', BROKEN)).toThrow();
  }, 300_000);

  it('makes nothing from a blueprint with problems, and says which lines', async () => {
    await expect(apply('[x]\nimage=debian:12\npull=maybe\n')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      detail: 'line 3: pull is true or false, not "maybe"',
    });
    expect(existsSync(path.join(dataHome, 'nothing'))).toBe(false);
  });
});
