// The steps shown as a create's progress events arrive.
import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../../shared/contract.js';
import {
  applyCreateProgress,
  createStepState,
  initialCreateProgress,
  loseCreateProgress,
  type CreateProgressState,
} from '../../../renderer/model/createProgress.js';

type Event = EventPayloads['operationProgress'];
const event = (step: Event['step'], message: string, extra: Partial<Event> = {}): Event => ({ operationId: 'op', step, message, ...extra });
const replay = (...events: Event[]) => events.reduce(applyCreateProgress, initialCreateProgress);
const states = (state: CreateProgressState) => (['pull', 'create', 'start', 'init'] as const).map((step) => createStepState(state, step));

describe('the steps of a create', () => {
  it('with a local image: the pull is not needed, each step follows the events', () => {
    expect(states(initialCreateProgress)).toEqual(['pending', 'pending', 'pending', 'pending']);
    // the create step opens with a check, before it is known whether a pull comes
    const checking = replay(event('create', 'Checking…'));
    expect(states(checking)).toEqual(['pending', 'active', 'pending', 'pending']);
    const starting = replay(event('create', 'Checking…'), event('create', 'Creating…'), event('start', 'Starting…'));
    expect(states(starting)).toEqual(['skipped', 'done', 'active', 'pending']);
    const init = applyCreateProgress(applyCreateProgress(starting, event('init', 'Setting up…')), event('init', 'Creating /run/.toolboxenv'));
    expect(states(init)).toEqual(['skipped', 'done', 'done', 'active']);
    expect(init.messages.init).toBe('Setting up…');
    expect(init.log).toEqual(['Creating /run/.toolboxenv']);
    const done = applyCreateProgress(init, event('done', 'ready'));
    expect(states(done)).toEqual(['skipped', 'done', 'done', 'done']);
    expect(done.finalMessage).toBe('ready');
  });

  it('with a pull: progress figures are kept, and the create step waits for it', () => {
    const pulling = replay(
      event('create', 'Checking…'),
      event('pull', 'Pulling…'),
      event('pull', 'Copying layers', { bytesDone: 10, bytesTotal: 100, layersDone: 0, layersTotal: 2 }),
    );
    expect(states(pulling)).toEqual(['active', 'pending', 'pending', 'pending']);
    expect(pulling.pull).toEqual({ bytesDone: 10, bytesTotal: 100, layersDone: 0, layersTotal: 2 });
    const later = applyCreateProgress(pulling, event('pull', 'Writing manifest', { layersDone: 2 }));
    expect(later.pull).toEqual({ bytesDone: 10, bytesTotal: 100, layersDone: 2, layersTotal: 2 });
    expect(states(applyCreateProgress(later, event('create', 'Creating…')))).toEqual(['done', 'active', 'pending', 'pending']);
  });

  it('marks the step that failed, and what never ran', () => {
    const failedPull = replay(event('create', 'Checking…'), event('pull', 'Pulling…'), event('failed', 'Could not reach quay.io'));
    expect(states(failedPull)).toEqual(['failed', 'pending', 'pending', 'pending']);
    expect(failedPull.finalMessage).toBe('Could not reach quay.io');
    const failedInit = replay(event('create', 'c'), event('start', 's'), event('init', 'i'), event('failed', 'no sudo'));
    expect(states(failedInit)).toEqual(['skipped', 'done', 'done', 'failed']);
    const failedCheck = replay(event('create', 'Checking…'), event('failed', 'name taken'));
    expect(states(failedCheck)).toEqual(['skipped', 'failed', 'pending', 'pending']);
  });

  it('keeps the last 200 log lines', () => {
    let state = replay(event('init', 'Setting up…'));
    for (let i = 0; i < 250; i += 1) state = applyCreateProgress(state, event('init', `line ${i}`));
    expect(state.log).toHaveLength(200);
    expect(state.log[0]).toBe('line 50');
  });

  it('stops at the step under way when the connection is lost: its outcome unknown, no step active', () => {
    const lost = loseCreateProgress(
      replay(event('create', 'Checking…'), event('create', 'Creating…'), event('start', 'Starting…'), event('init', 'Setting up…')),
    );
    expect(states(lost)).toEqual(['skipped', 'done', 'done', 'unknown']);
    expect(states(loseCreateProgress(replay(event('create', 'Checking…'))))).toEqual(['skipped', 'unknown', 'pending', 'pending']);
  });
});
