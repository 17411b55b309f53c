import { describe, expect, it } from 'vitest';
import { pathUseProblem } from '../../../renderer/model/pathProblems';

describe('a typed path, for what its field needs', () => {
  it('to share: anything that exists', () => {
    expect(pathUseProblem('share', { path: '/srv/data', kind: 'folder', parent: 'folder' })).toBeNull();
    expect(pathUseProblem('share', { path: '/srv/nope', kind: 'missing', parent: 'folder' })).toBe('/srv/nope does not exist on this machine.');
  });

  it('to write a new file: nothing there, in a folder that exists', () => {
    expect(pathUseProblem('newFile', { path: '/srv/b.tar', kind: 'missing', parent: 'folder' })).toBeNull();
    expect(pathUseProblem('newFile', { path: '/srv/b.tar', kind: 'file', parent: 'folder' })).toBe(
      '/srv/b.tar already exists: Toolshed never overwrites a file; choose another name.',
    );
    expect(pathUseProblem('newFile', { path: '/srv/no/b.tar', kind: 'missing', parent: 'missing' })).toBe('The folder /srv/no does not exist.');
    expect(pathUseProblem('newFile', { path: '/b.tar', kind: 'missing', parent: 'other' })).toBe('The folder / does not exist.');
  });

  it('to read a file: a file', () => {
    expect(pathUseProblem('existingFile', { path: '/srv/b.tar', kind: 'file', parent: 'folder' })).toBeNull();
    expect(pathUseProblem('existingFile', { path: '/srv/b.tar', kind: 'missing', parent: 'folder' })).toBe('There is no file /srv/b.tar.');
    expect(pathUseProblem('existingFile', { path: '/srv', kind: 'folder', parent: 'folder' })).toBe('/srv is not a file.');
  });

  it('says nothing while the facts are not known', () => {
    expect(pathUseProblem('share', undefined)).toBeNull();
  });
});
