// An engine as the app runs it (settings in a temporary folder, this machine's
// limits), for benchmarks that call Toolshed in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../../electron/services/engine.js';

export function benchEngine(): { engine: Engine; dispose(): void } {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'tsh-bench-engine-'));
  const engine = createEngine({ env: { ...process.env, TOOLSHED_ULIMIT_HOST: process.env.TOOLSHED_ULIMIT_HOST ?? '0' }, configDir });
  return {
    engine,
    dispose() {
      engine.dispose();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

let operation = 0;
/** A fresh operation id for a create (the contract asks the client for one). */
export const operationId = () => `bench-${process.pid}-${(operation += 1)}`;
