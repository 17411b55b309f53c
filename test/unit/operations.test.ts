// One operation per toolbox at a time: a claim on a toolbox refuses a second
// one named by its name, its id or a short id, until it is released.
import { describe, expect, it } from 'vitest';
import { Operations } from '../../electron/services/operations.js';
import { ToolshedError } from '../../shared/errors.js';

const ID = 'a3ccb8d46212685f9bd4dc9dd67a791c888ea42cfc7ca0fa0bea439c9caf9e55';
const busyError = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('claims on toolboxes', () => {
  it('refuse a second operation by name, id or short id, with what is under way, until released', async () => {
    const operations = new Operations();
    const claim = operations.claim({ id: ID, name: 'dev' }, 'the setup edit');
    for (const ref of ['dev', ID, ID.slice(0, 12)]) {
      const error = busyError(() => operations.checkFree(ref));
      expect(error, ref).toBeInstanceOf(ToolshedError);
      expect(error).toMatchObject({ code: 'BUSY', message: 'dev is busy: the setup edit of dev is under way. Try again when it has finished.' });
    }
    expect(() => operations.claim({ id: 'f'.repeat(64), name: 'dev' }, 'a restore')).toThrow(/the setup edit of dev/);
    expect(() => operations.checkFree('other')).not.toThrow();
    expect(() => operations.checkFree('a3cc')).not.toThrow(); // too short to be an id: a name
    claim.dispose();
    expect(() => operations.checkFree('dev')).not.toThrow();
    // exclusive releases however the work ends
    await expect(operations.exclusive({ id: ID, name: 'dev' }, 'a stop', () => Promise.reject(new Error('podman failed')))).rejects.toThrow('podman failed');
    expect(operations.busyWith('dev')).toBeUndefined();
  });

  it('say when the operation holding a toolbox has finished, however it ended', async () => {
    const operations = new Operations();
    await operations.finished('dev'); // nothing under way: at once
    let done = false;
    const ending = operations.exclusive({ id: ID, name: 'dev' }, 'a start', async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = true;
      throw new Error('the start failed');
    });
    const waited = operations.finished(ID.slice(0, 12)).then(() => done);
    await expect(ending).rejects.toThrow('the start failed');
    expect(await waited).toBe(true);
    expect(operations.busyWith('dev')).toBeUndefined();
  });
});
