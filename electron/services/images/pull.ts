// Pulling an image the user named: the reference checked with the domain's
// rules (a precise message for each mistake), then `podman pull` with progress.
import { parseImageReference } from '../../../shared/domain/imageRef.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { PodmanClient } from '../podman/client.js';
import type { PullProgress } from '../podman/client.js';

export interface PullOptions {
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
}

export async function pullImage(
  ctx: { podman: PodmanClient; log: (message: string) => void },
  reference: string,
  options: PullOptions,
): Promise<{ id: string }> {
  const parsed = parseImageReference(reference);
  if (!parsed.ok) throw new ToolshedError('INVALID_ARGUMENT', `"${reference}" is not an image reference: ${parsed.problem}`);
  const { text, qualified } = parsed.reference;
  const result = await ctx.podman.pull(text, { qualified, ...options });
  ctx.log(`pulled ${text}`);
  return result;
}
