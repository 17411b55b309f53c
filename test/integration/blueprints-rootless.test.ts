// Blueprints rootless: the engine runs as the user "toolshed" (support/userEngine.ts)
// with that user's podman storage, where the update fixture's two releases are
// copied. A blueprint with a package and a variable makes a toolbox that
// `toolbox run` accepts; its export lists the package (the image's own
// listing is read in a throwaway rootless container); a move to the next
// release carries it and lists what that release lacks.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName } from '../../shared/contract.js';
import { PODMAN_AS_TOOLSHED, missing, removeContainers } from '../support/env.js';
import { run } from '../support/toolboxChecks.js';
import { asRootlessUser, copyImageToRootless } from '../support/rootless.js';
import { BENCH_PACKAGES, LEGACY_PACKAGE, NEXT_IMAGE, NEXT_PACKAGE_VERSION, UPDATE_IMAGE, ensureNextReleaseFixture } from '../support/updateFixture.js';
import { bundleCreateAsUser, createAsUser } from '../support/userEngine.js';

const why = missing({ fixture: true, toolbox: true, rootless: true });
const BOX = 'tsh-bp-rl';
const OLD = 'tsh-bp-rl-12';
const [PKG] = BENCH_PACKAGES as [string];

describe.skipIf(why)(`blueprints rootless${why ? ` (skipped: ${why})` : ''}`, () => {
  let bundle = '';
  /** Calls made in order by one engine of the user's; their results, or the first error. */
  const asUser = async (...calls: { method: CallName; args: unknown }[]) => {
    const output = await createAsUser(bundle, { calls });
    expect(output.error).toBeUndefined();
    return output.results ?? [];
  };
  const toolboxRun = async (name: string, script: string) => {
    const [command, args] = asRootlessUser('toolbox', ['run', '--container', name, 'sh', '-c', script]);
    const result = await run(command, args);
    expect(result.code).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    ensureNextReleaseFixture();
    copyImageToRootless(UPDATE_IMAGE);
    copyImageToRootless(NEXT_IMAGE);
    removeContainers([BOX, OLD], PODMAN_AS_TOOLSHED);
    bundle = await bundleCreateAsUser();
  }, 600_000);

  afterAll(() => {
    removeContainers([BOX, OLD], PODMAN_AS_TOOLSHED);
    if (bundle) rmSync(bundle, { force: true });
  });

  it('makes, exports and moves a toolbox as the user', async () => {
    const blueprint = `[${BOX}]\nimage=${UPDATE_IMAGE}\nadditional_packages="${PKG} ${LEGACY_PACKAGE}"\nenv=TSH_BP_RL=rootless\nstart_now=true\n`;
    await asUser({ method: 'applyBlueprint', args: { text: blueprint, operationId: 'op-bp-rl-1' } });
    expect(await toolboxRun(BOX, `printenv TSH_BP_RL; cat /usr/share/${PKG}/version`)).toBe('rootless\n1.0');

    const [exported] = (await asUser({ method: 'exportBlueprint', args: { container: BOX } })) as [{ packages: string[]; text: string }];
    expect(exported.packages).toEqual([PKG, LEGACY_PACKAGE].sort());
    expect(exported.text).toContain('env=TSH_BP_RL=rootless\n');

    const [moved] = (await asUser({ method: 'moveToRelease', args: { container: BOX, image: NEXT_IMAGE, keepOldAs: OLD, operationId: 'op-bp-rl-2' } })) as [
      { missing: string[]; old: { name: string } },
    ];
    expect(moved).toMatchObject({ missing: [LEGACY_PACKAGE], old: { name: OLD } });
    expect(await toolboxRun(BOX, `printenv TSH_BP_RL; cat /usr/share/${PKG}/version`)).toBe(`rootless\n${NEXT_PACKAGE_VERSION}`);
  }, 600_000);
});
