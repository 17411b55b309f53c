// What a toolbox's menu entry (toolshed --open NAME) does in the window, by
// the settings: a Toolshed tab (starting the toolbox), or the host's own
// terminal and no tab. Through the state layer and a client the test answers.
import { afterEach, describe, expect, it } from 'vitest';
import type { Api, ContainerSummary, Settings, TerminalInfo } from '../../../shared/contract.js';
import { bindScriptedClient } from './scriptedClient.js';
import { handleOpenRequest } from '../../../renderer/state/openRequests.js';
import { useStore } from '../../../renderer/state/store.js';
import { useTerminals } from '../../../renderer/state/terminals.js';

const box = { id: 'a3ccb8d46212', shortId: 'a3ccb8d46212', name: 'dev', state: 'running', manager: 'toolbox' } as ContainerSummary;

function client(launchersOpenIn: Settings['launchersOpenIn']) {
  const calls: string[] = [];
  const api = {
    getSettings: async () => ({ launchersOpenIn }) as Settings,
    openTerminal: async (): Promise<TerminalInfo> => (
      calls.push('openTerminal'),
      { id: 't1', container: 'dev', containerId: box.id, title: 'dev', cols: 80, rows: 24 }
    ),
    openInTerminal: async () => (calls.push('openInTerminal'), { terminal: 'Ptyxis', argv: ['ptyxis'] }),
  } as Partial<Api>;
  bindScriptedClient(api);
  useStore.setState({ containers: [box], loaded: true });
  return calls;
}

describe('a menu entry reaching the window', () => {
  afterEach(() => {
    useStore.setState({ containers: [], notices: [], busy: {} });
    useTerminals.setState({ order: [], infos: {}, activeId: undefined });
  });

  it('opens a Toolshed tab by default', async () => {
    const calls = client('toolshed');
    await handleOpenRequest('dev');
    expect(calls).toEqual(['openTerminal']);
    expect(useStore.getState().selectedId).toBe(box.id);
  });

  it("opens the host's terminal instead when the settings say so, and no tab", async () => {
    const calls = client('terminal');
    await handleOpenRequest('dev');
    expect(calls).toEqual(['openInTerminal']);
    expect(useTerminals.getState().order).toEqual([]);
    expect(useStore.getState().notices.map((n) => n.message)).toEqual(['dev opened in Ptyxis.']);
  });
});
