// What a container button does, through the state layer and a client whose
// calls the test answers: Stop asks first when a tab in the toolbox runs a
// program (and Cancel calls nothing), the buttons wait while it works, and a
// failure becomes a notice with the engine's words.
import { afterEach, describe, expect, it } from 'vitest';
import type { Api, ContainerSummary, TerminalInfo } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import { bindScriptedClient } from './scriptedClient.js';
import { stopContainer } from '../../../renderer/state/containers.js';
import { useStore } from '../../../renderer/state/store.js';
import { useTerminals } from '../../../renderer/state/terminals.js';

const box = { id: 'a3ccb8d46212', shortId: 'a3ccb8d46212', name: 'dev', state: 'running', manager: 'toolbox' } as ContainerSummary;
const tab: TerminalInfo = { id: 't1', container: 'dev', containerId: box.id, title: 'dev', cols: 80, rows: 24 };

/** A client answering the calls a stop makes; `calls` records them. */
function client(answers: { program: string | null; stop: () => Promise<ContainerSummary> }) {
  const calls: string[] = [];
  const api: Partial<Api> = {
    terminalBusy: async () => (calls.push('terminalBusy'), { program: answers.program }),
    stopContainer: async () => (calls.push('stopContainer'), answers.stop()),
  };
  bindScriptedClient(api);
  return calls;
}

/** Answers the question the store holds, once there is one. */
async function answer(confirmed: boolean): Promise<string> {
  while (!useStore.getState().confirm) await new Promise((done) => setTimeout(done, 0));
  const question = useStore.getState().confirm!;
  question.resolve({ confirmed, options: [] });
  return `${question.title} ${question.body}`;
}

describe('the Stop button', () => {
  afterEach(() => {
    useStore.setState({ notices: [], busy: {}, confirm: undefined });
    useTerminals.setState({ order: [], infos: {} });
  });

  it('asks first when a tab runs a program, naming it, and Cancel calls nothing', async () => {
    useTerminals.setState({ order: ['t1'], infos: { t1: tab } });
    const calls = client({ program: 'vim', stop: async () => ({ ...box, state: 'exited' }) });
    const stopping = stopContainer(box);
    expect(await answer(false)).toMatch(/^Stop dev\? Still running: .*vim/);
    expect(await stopping).toBeUndefined();
    expect(calls).toEqual(['terminalBusy']);
  });

  it('stops after the user agrees, the buttons waiting meanwhile', async () => {
    useTerminals.setState({ order: ['t1'], infos: { t1: tab } });
    let finish!: () => void;
    const calls = client({ program: 'vim', stop: () => new Promise((done) => (finish = () => done({ ...box, state: 'exited' }))) });
    const stopping = stopContainer(box);
    await answer(true);
    while (!calls.includes('stopContainer')) await new Promise((done) => setTimeout(done, 0));
    expect(useStore.getState().busy[box.id]).toBe('Stopping…');
    finish();
    expect((await stopping)?.state).toBe('exited');
    expect(useStore.getState().busy[box.id]).toBeUndefined();
  });

  it("says what failed in the engine's words, and the buttons come back", async () => {
    client({ program: null, stop: () => Promise.reject(new ToolshedError('PODMAN_FAILED', 'podman stop said no.')) });
    expect(await stopContainer(box)).toBeUndefined();
    expect(useStore.getState().notices.map((n) => n.message)).toEqual(['Stopping dev failed: podman stop said no.']);
    expect(useStore.getState().busy).toEqual({});
  });
});
