// The create capability: the form's defaults and making a toolbox
// (createToolbox.ts). Images (list, pull) are images/imagesApi.ts's.
import type { Api } from '../../../shared/contract.js';
import type { EngineContext } from '../engineContext.js';
import { readCreateDefaults } from './createDefaults.js';
import { createToolbox } from './createToolbox.js';

export function creationApi(ctx: EngineContext): Pick<Api, 'getCreateDefaults' | 'createToolbox'> {
  /** Names being created by this engine: a second create of the same name is refused at once. */
  const creating = new Set<string>();
  return {
    getCreateDefaults: () => readCreateDefaults(ctx.env),
    createToolbox: (args) => createToolbox(ctx, { facts: ctx.hostFacts, creating }, args),
  };
}
