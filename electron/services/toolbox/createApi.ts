// The create capability: the form's defaults and making a toolbox
// (createToolbox.ts). listImages and pullImage belong to images/ and stay
// placeholders here until that capability takes them over.
import type { Api } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engine.js';
import { readCreateDefaults } from './createDefaults.js';
import { createToolbox } from './createToolbox.js';
import { HostFactsSource } from './hostFacts.js';

type CreateCalls = 'getCreateDefaults' | 'listImages' | 'pullImage' | 'createToolbox';

export function createApi(ctx: EngineContext): Pick<Api, CreateCalls> {
  const missing = async (): Promise<never> => {
    throw new ToolshedError('INTERNAL', 'Images are not available in this build yet.');
  };
  const facts = new HostFactsSource({ env: ctx.env, uid: ctx.uid, podmanVersion: () => ctx.podman.version() });
  return {
    getCreateDefaults: () => readCreateDefaults(ctx.env),
    listImages: missing,
    pullImage: missing,
    createToolbox: (args) => createToolbox(ctx, facts, args),
  };
}
