// The create wizard's rules: names as you type, the name an image suggests,
// and the steps shown as a create's progress events arrive.
import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../shared/contract.js';
import {
  advancedProblems,
  applyCreateProgress,
  emptyAdvanced,
  toCreateOptions,
  createStepState,
  initialCreateProgress,
  newToolboxNameProblem,
  suggestedToolboxName,
  type CreateProgressState,
} from '../../shared/domain/newToolbox.js';

describe('the name of a new toolbox', () => {
  const taken = ['fedora-toolbox-43', 'my-box'];
  it.each([
    ['', 'A name is required.'],
    ['-box', 'starts with a letter or a digit'],
    ['.box', 'starts with a letter or a digit'],
    ['my box', 'may contain only letters, digits, "_", "." and "-" (not " ")'],
    ['box;rm', '(not ";")'],
    ['bøx', '(not "ø")'],
    ['a'.repeat(65), 'at most 64 characters'],
    ['my-box', 'A container named "my-box" already exists'],
  ])('refuses %j: %s', (name, reason) => {
    expect(newToolboxNameProblem(name, taken)).toContain(reason);
  });
  it.each(['fedora-toolbox-42', 'Box_1.2', '9', 'a'.repeat(64)])('accepts %j', (name) => {
    expect(newToolboxNameProblem(name, taken)).toBeNull();
  });
});

describe('the name an image suggests (as Toolbx names it)', () => {
  it.each([
    ['registry.fedoraproject.org/fedora-toolbox:43', 'fedora-toolbox-43'],
    ['registry.access.redhat.com/ubi9/toolbox:9.6', 'rhel-toolbox-9.6'],
    ['quay.io/toolbx/arch-toolbox:latest', 'arch-toolbox-latest'],
    ['quay.io/toolbx-images/rockylinux-toolbox:9', 'rockylinux-toolbox-9'],
    ['localhost/toolshed-fixture:bookworm', 'toolshed-fixture-bookworm'],
    ['registry.example.org/team/dev-toolbox:1.0', 'dev-toolbox-1.0'],
    ['quay.io/x/dev', 'dev'],
  ])('%s -> %s', (reference, name) => {
    expect(suggestedToolboxName(reference)).toBe(name);
  });
  it('suggests nothing for an image id', () => {
    expect(suggestedToolboxName('5c9035d4e9f9d072a06f533dc45af613d444fa847e3a3157928b78bbcbc5fcbb')).toBeUndefined();
  });
});

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
    const pulling = replay(event('create', 'Checking…'), event('pull', 'Pulling…'), event('pull', 'Copying layers', { bytesDone: 10, bytesTotal: 100, layersDone: 0, layersTotal: 2 }));
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
});

describe('the advanced options as typed', () => {
  it('says what is wrong with each row, and ignores empty ones', () => {
    const problems = advancedProblems({
      volumes: [
        { hostPath: 'relative', containerPath: '', readOnly: false },
        { hostPath: '/srv', containerPath: '/a:b', readOnly: false },
        { hostPath: '/srv/../etc', containerPath: '', readOnly: false },
        { hostPath: '', containerPath: '', readOnly: false },
        { hostPath: '/srv', containerPath: '', readOnly: true },
      ],
      env: [
        { name: '1BAD', value: 'x' },
        { name: 'GOOD', value: 'line\nbreak' },
        { name: 'GOOD', value: 'ok' },
        { name: 'GOOD', value: 'again' },
        { name: '', value: 'orphan value' },
        { name: '', value: '' },
      ],
      ulimitHost: undefined,
    });
    expect(problems.volumes[0]).toMatch(/^Host folder: a path is absolute/);
    expect(problems.volumes[1]).toMatch(/^Path in the toolbox: .*no ":"/);
    expect(problems.volumes[2]).toContain('".."');
    expect(problems.volumes.slice(3)).toEqual([null, null]);
    expect(problems.env[0]).toMatch(/^1BAD: an environment variable name/);
    expect(problems.env[1]).toMatch(/no newline/);
    expect(problems.env[2]).toBeNull();
    expect(problems.env[3]).toBe('GOOD is set twice.');
    expect(problems.env[4]).toMatch(/^Variable: /);
    expect(problems.env[5]).toBeNull();
  });

  it('sends only what was filled in; a folder goes to the same path unless told', () => {
    expect(toCreateOptions(emptyAdvanced)).toBeUndefined();
    expect(
      toCreateOptions({
        volumes: [
          { hostPath: '/srv/data', containerPath: '', readOnly: true },
          { hostPath: '/opt/x', containerPath: '/x', readOnly: false },
          { hostPath: '', containerPath: '', readOnly: false },
        ],
        env: [{ name: 'EDITOR', value: 'vim' }, { name: '', value: '' }],
        ulimitHost: false,
      }),
    ).toEqual({
      volumes: [
        { hostPath: '/srv/data', containerPath: '/srv/data', readOnly: true },
        { hostPath: '/opt/x', containerPath: '/x' },
      ],
      env: [{ name: 'EDITOR', value: 'vim' }],
      ulimitHost: false,
    });
  });
});
