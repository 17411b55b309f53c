// The images capability: local images for the picker, and pulls the client
// follows (operationProgress, step "pull") and can cancel (cancelOperation).
import type { Api } from '../../../shared/contract.js';
import { toErrorData } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { listImages } from './listImages.js';
import { pullImage } from './pull.js';

export function imagesApi(ctx: Pick<EngineContext, 'podman' | 'operations' | 'log' | 'emit'>): Pick<Api, 'listImages' | 'pullImage'> {
  return {
    listImages: ({ all }) => listImages(ctx.podman, all === undefined ? {} : { all }),
    pullImage: ({ reference, operationId }) =>
      ctx.operations.run(operationId, async (signal) => {
        try {
          const result = await pullImage(ctx, reference, {
            signal,
            onProgress: (progress) => ctx.emit('operationProgress', { operationId, step: 'pull', ...progress }),
          });
          ctx.emit('operationProgress', { operationId, step: 'done', message: `Pulled ${reference}` });
          return result;
        } catch (error) {
          ctx.emit('operationProgress', { operationId, step: 'failed', message: toErrorData(error).message });
          throw error;
        }
      }),
  };
}
