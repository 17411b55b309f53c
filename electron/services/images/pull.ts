// Pulls an image with podman, reporting progress as it goes.
// First version: a plain `podman pull`; progress parsing follows.
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engine.js';

export interface PullProgress {
  message: string;
  bytesDone?: number;
  bytesTotal?: number;
  layersDone?: number;
  layersTotal?: number;
}

export async function pullImage(
  ctx: EngineContext,
  reference: string,
  options: { signal?: AbortSignal; onProgress?: (p: PullProgress) => void },
): Promise<{ id: string }> {
  options.onProgress?.({ message: `Pulling ${reference}` });
  try {
    const stdout = await ctx.podman.runner.run(['pull', '--', reference], {
      timeoutMs: 30 * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const id = stdout.trim().split('\n').at(-1) ?? '';
    return { id };
  } catch (error) {
    if (error instanceof ToolshedError && error.code === 'PODMAN_FAILED') throw new ToolshedError('PULL_FAILED', error.message, error.detail);
    throw error;
  }
}
