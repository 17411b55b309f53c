// The contract is put together from one file per capability (shared/contract/):
// a call defined in two of them would silently keep only the last definition.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callSchemas } from '../../shared/contract.js';
import { ROOT } from '../support/sourceGraph.js';

describe('the contract', () => {
  it('defines each call in exactly one capability file, and takes every capability file into the index', async () => {
    const folder = path.join(ROOT, 'shared/contract');
    const seen = new Map<string, string>();
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const module = (await import(path.join(folder, file))) as Record<string, unknown>;
      for (const [exported, value] of Object.entries(module)) {
        if (!exported.endsWith('Calls')) continue;
        for (const call of Object.keys(value as object)) {
          expect(seen.get(call), `${call} in ${file}`).toBeUndefined();
          seen.set(call, file);
        }
      }
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(callSchemas).sort());
  });
});
