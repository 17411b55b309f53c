// The list a window shows after asking for it while the engine refreshes: the
// engine answers from its cache, then its refresh's containersChanged event
// arrives before the answer is used (the status call is still out). The older
// answer must not overwrite the newer event: that left a `podman start` made
// outside Toolshed unseen until the next change.
import { describe, expect, it } from 'vitest';
import type { ContainerSummary, EngineStatus } from '../../../shared/contract.js';
import { bindScriptedClient } from './scriptedClient.js';
import { followContainers, refresh } from '../../../renderer/state/containers.js';
import { useStore } from '../../../renderer/state/store.js';

const toolbox = (state: ContainerSummary['state']) => ({ id: 'a3cc', shortId: 'a3cc', name: 'bystander', state }) as ContainerSummary;
const stale = [toolbox('created')];
const fresh = [toolbox('running')];
const status: EngineStatus = { available: true, version: '5.8.6', rootless: false, hostShell: true, recovered: [] };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** A client whose calls the test answers, and whose events it sends (bound as the window's). */
function scriptedClient() {
  const status$ = deferred<EngineStatus>();
  const list$ = deferred<ContainerSummary[]>();
  const send = bindScriptedClient({ getStatus: () => status$.promise, listContainers: () => list$.promise });
  const emit = (containers: ContainerSummary[]) => send({ event: 'containersChanged', payload: { containers } });
  return { status$, list$, emit };
}

const flush = () => new Promise((done) => setTimeout(done, 0));

describe('refreshing the list', () => {
  it('keeps a containersChanged event that came after the list was asked for, over the older answer', async () => {
    const { status$, list$, emit } = scriptedClient();
    const stop = followContainers();
    const asked = refresh();
    list$.resolve(stale); // answered from the cache...
    await flush();
    emit(fresh); // ...then the refresh under way ends
    status$.resolve(status);
    await asked;
    expect(useStore.getState().containers.map((c) => c.state)).toEqual(['running']);
    expect(useStore.getState().loaded).toBe(true);
    stop();
  });

  it('uses the answer when no event came since it was asked for', async () => {
    const { status$, list$, emit } = scriptedClient();
    const stop = followContainers();
    emit(fresh);
    const asked = refresh();
    list$.resolve(stale);
    status$.resolve(status);
    await asked;
    expect(useStore.getState().containers.map((c) => c.state)).toEqual(['created']);
    stop();
  });
});
