// Each integration test file: a lock a login shell's profile left behind is cleared after each
// test, saying which test left it (profileLocks.ts).
import { afterEach, expect } from 'vitest';
import { clearStaleProfileLock } from './profileLocks.js';

afterEach(() => {
  const cleared = clearStaleProfileLock();
  if (cleared) process.stderr.write(`\n--- "${expect.getState().currentTestName ?? '?'}": ${cleared} ---\n`);
});
