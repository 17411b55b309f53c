// One table says what each kind of container can be used for, and why not.
import { describe, expect, it } from 'vitest';
import { CONTAINER_KINDS, canUse, refusal, type ContainerUse } from '../../shared/domain/containerKinds.js';

const USES: ContainerUse[] = ['listed', 'terminal', 'updates', 'recreate', 'hostPrograms', 'launcher', 'exportApps'];

describe('container kinds', () => {
  it('a Toolbx container can be used for everything', () => {
    for (const use of USES) expect(canUse({ manager: 'toolbox' }, use), use).toBe(true);
  });

  it('a distrobox container is not recreated and exports no apps, and says why', () => {
    expect(USES.filter((use) => !canUse({ manager: 'distrobox' }, use))).toEqual(['recreate', 'exportApps']);
    expect(refusal({ name: 'arch', manager: 'distrobox' }, 'recreate')).toMatch(/^arch is a distrobox container: .*distrobox create --clone/);
  });

  it('a plain podman container is refused for every use, each with its own sentence naming it', () => {
    const sentences = USES.map((use) => refusal({ name: 'web', manager: 'podman' }, use));
    for (const sentence of sentences) expect(sentence).toMatch(/^"web" is not a toolbox: .+\.$/);
    expect(new Set(sentences).size).toBe(USES.length);
    expect(CONTAINER_KINDS.podman.label).toBe('podman');
  });
});
