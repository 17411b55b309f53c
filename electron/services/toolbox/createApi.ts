// The create capability: the form's defaults and making a toolbox
// (createToolbox.ts). Images (list, pull) are images/imagesApi.ts's.
import type { Api } from '../../../shared/contract.js';
import type { EngineContext } from '../engine.js';
import { readCreateDefaults } from './createDefaults.js';
import { createToolbox } from './createToolbox.js';
import { HostFactsSource } from './hostFacts.js';

export function createApi(ctx: EngineContext): Pick<Api, 'getCreateDefaults' | 'createToolbox'> {
  const facts = new HostFactsSource({ env: ctx.env, uid: ctx.uid, podmanVersion: () => ctx.podman.version() });
  return {
    getCreateDefaults: () => readCreateDefaults(ctx.env),
    createToolbox: (args) => createToolbox(ctx, facts, args),
  };
}
