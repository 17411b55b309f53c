// Placeholder until the terminal capability lands (issue 6): every call fails clearly.
import type { Api } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engine.js';

type TerminalCalls = 'openTerminal' | 'listTerminals' | 'attachTerminal' | 'writeTerminal' | 'resizeTerminal' | 'ackTerminal' | 'terminalBusy' | 'closeTerminal';

export function terminalApi(_ctx: EngineContext): Pick<Api, TerminalCalls> {
  const missing = async (): Promise<never> => {
    throw new ToolshedError('INTERNAL', 'Terminals are not available in this build yet.');
  };
  return {
    openTerminal: missing,
    listTerminals: async () => [],
    attachTerminal: missing,
    writeTerminal: missing,
    resizeTerminal: missing,
    ackTerminal: missing,
    terminalBusy: missing,
    closeTerminal: missing,
  };
}
