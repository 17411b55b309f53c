// Placeholder until desktop integration lands (issue 7): every call fails clearly.
import type { Api } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engine.js';

type DesktopCalls = 'setLauncher' | 'listLaunchers' | 'listContainerApps' | 'exportApp' | 'unexportApp';

export function desktopApi(_ctx: EngineContext): Pick<Api, DesktopCalls> {
  const missing = async (): Promise<never> => {
    throw new ToolshedError('INTERNAL', 'Desktop integration is not available in this build yet.');
  };
  return { setLauncher: missing, listLaunchers: async () => [], listContainerApps: missing, exportApp: missing, unexportApp: missing };
}
