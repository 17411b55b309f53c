// An engine as the app runs it, for benchmarks and integration tests that call
// Toolshed in-process: settings in a temporary folder, this machine's limits.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../../electron/services/engine.js';

/**
 * Its settings folder goes with it on dispose. `--ulimit host` is off (some VMs
 * refuse it) unless TOOLSHED_ULIMIT_HOST says otherwise, no scheduled update
 * checks (TOOLSHED_UPDATE_CHECK_HOURS=0), and its state (update reports, the
 * host-command log) in that folder too; `options.env` is laid
 * over that environment. It serves no host commands unless `hostAgent` says so
 * (they would share the real runtime folder's socket).
 */
export function scratchEngine(options: EngineOptions = {}): Engine {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-engine-'));
  const engine = createEngine({
    journalDir: path.join(configDir, 'operations'),
    hostAgent: false,
    ...options,
    configDir,
    env: { TOOLSHED_ULIMIT_HOST: '0', TOOLSHED_UPDATE_CHECK_HOURS: '0', ...process.env, XDG_STATE_HOME: path.join(configDir, 'state'), ...options.env },
  });
  return { ...engine, dispose: () => (engine.dispose(), rmSync(configDir, { recursive: true, force: true })) };
}

let operation = 0;
/** A fresh operation id for a create (the contract asks the client for one). */
export const operationId = () => `bench-${process.pid}-${(operation += 1)}`;
