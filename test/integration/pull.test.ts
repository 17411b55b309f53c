// Pulls on real podman from a registry on loopback (Debian's docker-registry),
// into a scratch image store: progress comes as operationProgress events with
// bytes and layers, failures say which kind they are, a cancel stops podman,
// and nothing lands in the store when a pull fails.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../shared/contract.js';
import { ToolshedError } from '../../shared/errors.js';
import { FIXTURE_IMAGE, missing, testEngine } from '../support/env.js';
import { REGISTRY_BINARY, startLocalRegistry, type LocalRegistry } from '../support/localRegistry.js';

function requirements(): string | undefined {
  const why = missing({ fixture: true });
  if (why) return why;
  if (existsSync(REGISTRY_BINARY)) return undefined;
  const problem = `${REGISTRY_BINARY} is missing (apt-get install docker-registry)`;
  if (process.env.CI) throw new Error(`Integration tests cannot run: ${problem}`);
  return problem;
}
const why = requirements();

type Progress = EventPayloads['operationProgress'];

describe.skipIf(why)(`pulling images${why ? ` (skipped: ${why})` : ''}`, () => {
  let registry: LocalRegistry;
  let engine: ReturnType<typeof testEngine>;
  let fixture: string;
  const events: Progress[] = [];

  const imagesInScratchStore = () =>
    execFileSync('podman', ['images', '--no-trunc', '--format', '{{.ID}}'], { cwd: '/tmp', env: registry.env, encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((id) => id.replace(/^sha256:/, ''));
  const expectPullFailure = async (promise: Promise<unknown>, code: string, message: RegExp) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolshedError);
    expect((error as ToolshedError).code).toBe(code);
    expect((error as ToolshedError).message).toMatch(message);
  };

  beforeAll(async () => {
    registry = await startLocalRegistry({ searchRegistry: true });
    fixture = registry.push(FIXTURE_IMAGE, 'tsh-wiz-fixture:bookworm');
    engine = testEngine({ env: registry.env });
    engine.subscribe((message) => {
      if (message.event === 'operationProgress') events.push(message.payload);
    });
  });

  afterAll(() => {
    engine?.dispose();
    registry?.stop();
  });

  it('pulls with byte and layer progress, then says done', async () => {
    const { id } = await engine.api.pullImage({ reference: fixture, operationId: 'tsh-wiz-pull-1' });
    const mine = events.filter((e) => e.operationId === 'tsh-wiz-pull-1');
    expect(id).toBe(execFileSync('podman', ['image', 'inspect', '--format', '{{.Id}}', FIXTURE_IMAGE], { cwd: '/tmp', encoding: 'utf8' }).trim());
    expect(imagesInScratchStore()).toContain(id);
    expect(mine[0]).toMatchObject({ step: 'pull', message: `Pulling ${fixture}` });
    const withBytes = mine.filter((e) => e.bytesTotal !== undefined);
    expect(withBytes.length).toBeGreaterThan(0);
    const last = withBytes.at(-1)!;
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last).toMatchObject({ layersDone: 1, layersTotal: 1 });
    expect(mine.at(-1)).toMatchObject({ step: 'done' });
  });

  it('pulls a short name through the search registries (no terminal, so podman cannot stop to ask)', async () => {
    const { id } = await engine.api.pullImage({ reference: 'tsh-wiz-fixture:bookworm', operationId: 'tsh-wiz-pull-short' });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const mine = events.filter((e) => e.operationId === 'tsh-wiz-pull-short');
    expect(mine.some((e) => e.layersTotal === 1)).toBe(true);
    expect(mine.at(-1)?.step).toBe('done');
  });

  it('says a tag does not exist, and stores nothing', async () => {
    const before = imagesInScratchStore();
    await expectPullFailure(
      engine.api.pullImage({ reference: `${registry.host}/tsh-wiz-fixture:nope`, operationId: 'tsh-wiz-pull-2' }),
      'PULL_FAILED',
      /does not exist on 127\.0\.0\.1/,
    );
    expect(events.filter((e) => e.operationId === 'tsh-wiz-pull-2').at(-1)).toMatchObject({ step: 'failed' });
    expect(imagesInScratchStore()).toEqual(before);
  });

  it('says a registry cannot be reached', async () => {
    await expectPullFailure(
      engine.api.pullImage({ reference: '127.0.0.1:1/tsh-wiz-nothing:1', operationId: 'tsh-wiz-pull-3' }),
      'PULL_FAILED',
      /Could not reach 127\.0\.0\.1:1/,
    );
  });

  it('refuses a bad reference before running podman', async () => {
    await expectPullFailure(engine.api.pullImage({ reference: 'quay.io/Toolbx/x', operationId: 'tsh-wiz-pull-4' }), 'INVALID_ARGUMENT', /lowercase/);
  });

  it('cancels a pull: podman is stopped and the operation id is free again', async () => {
    const pulling = engine.api.pullImage({ reference: `${registry.host}/tsh-wiz-never:1`, operationId: 'tsh-wiz-pull-5' });
    expect(await engine.api.cancelOperation({ operationId: 'tsh-wiz-pull-5' })).toEqual({ cancelled: true });
    await expectPullFailure(pulling, 'CANCELLED', /cancelled/);
    expect(await engine.api.cancelOperation({ operationId: 'tsh-wiz-pull-5' })).toEqual({ cancelled: false });
  });

  it('lists what is in the store', async () => {
    const images = await engine.api.listImages({});
    expect(images.some((image) => image.names.includes(fixture) && image.toolbox && image.distro === 'debian')).toBe(true);
  });
});
