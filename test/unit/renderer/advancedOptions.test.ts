// The wizard's advanced options as typed: problems per row, and what is sent.
import { describe, expect, it } from 'vitest';
import { advancedProblems, emptyAdvanced, toCreateOptions } from '../../../renderer/model/advancedOptions.js';

describe('the advanced options as typed', () => {
  it('says a host folder the engine found missing does not exist, once it knows', () => {
    const state = {
      ...emptyAdvanced,
      volumes: [
        { hostPath: '/srv/gone', containerPath: '', readOnly: false },
        { hostPath: '/srv', containerPath: '', readOnly: false },
      ],
    };
    expect(advancedProblems(state).volumes).toEqual([null, null]);
    const facts = new Map([
      ['/srv/gone', { path: '/srv/gone', kind: 'missing' as const, parent: 'folder' as const }],
      ['/srv', { path: '/srv', kind: 'folder' as const, parent: 'folder' as const }],
    ]);
    expect(advancedProblems(state, facts).volumes).toEqual(['/srv/gone does not exist on this machine.', null]);
  });

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
        env: [
          { name: 'EDITOR', value: 'vim' },
          { name: '', value: '' },
        ],
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
