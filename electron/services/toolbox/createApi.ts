// Placeholder until the create capability lands (issue 4): every call fails clearly.
import type { Api } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engine.js';

type CreateCalls = 'getCreateDefaults' | 'listImages' | 'pullImage' | 'createToolbox';

export function createApi(_ctx: EngineContext): Pick<Api, CreateCalls> {
  const missing = async (): Promise<never> => {
    throw new ToolshedError('INTERNAL', 'Creating toolboxes is not available in this build yet.');
  };
  return { getCreateDefaults: missing, listImages: missing, pullImage: missing, createToolbox: missing };
}
