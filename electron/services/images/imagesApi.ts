// The images capability: local images for the picker, and pulls the client
// follows (operationProgress, step "pull") and can cancel (cancelOperation).
import type { Api } from '../../../shared/contract.js';
import type { EngineContext } from '../engineContext.js';
import { runReported } from '../operations.js';
import { listImages } from './listImages.js';
import { pullImage } from './pull.js';

export function imagesApi(ctx: Pick<EngineContext, 'podman' | 'operations' | 'log' | 'emit'>): Pick<Api, 'listImages' | 'pullImage'> {
  return {
    listImages: ({ all }) => listImages(ctx.podman, all === undefined ? {} : { all }),
    pullImage: ({ reference, operationId }) =>
      runReported(ctx, operationId, async (signal, progress) => {
        const result = await pullImage(ctx, reference, {
          signal,
          onProgress: (pulled) => ctx.emit('operationProgress', { operationId, step: 'pull', ...pulled }),
        });
        progress('done', `Pulled ${reference}`);
        return result;
      }),
  };
}
