// The create capability: the form's defaults and making a toolbox
// (createToolbox.ts). listImages and pullImage live in images/imagesApi.ts.
import type { Api } from '../../../shared/contract.js';
import type { EngineContext } from '../engine.js';
import { readCreateDefaults } from './createDefaults.js';
import { createToolbox } from './createToolbox.js';
import { HostFactsSource } from './hostFacts.js';

type CreateCalls = 'getCreateDefaults' | 'createToolbox';

export function createApi(ctx: EngineContext): Pick<Api, CreateCalls> {
  const facts = new HostFactsSource({ env: ctx.env, uid: ctx.uid, podmanVersion: () => ctx.podman.version() });
  return {
    getCreateDefaults: () => readCreateDefaults(ctx.env),
    createToolbox: (args) => createToolbox(ctx, facts, args),
  };
}
