// The import rules of the README's Layout section are enforced by ESLint; this
// checks that the rules fire (a rule that never fires protects nothing).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restrictedImports(file: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('layering', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['shared/x.ts', "import { createEngine } from '../electron/services/engine.js';\nexport const a = createEngine;"],
    ['electron/services/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/server/x.ts', "import { registerIpc } from '../main/ipc.js';\nexport const a = registerIpc;"],
    ['renderer/x.ts', "import { spawn } from 'node:child_process';\nexport const a = spawn;"],
    ['renderer/x.ts', "import { createEngine } from '../electron/services/engine.js';\nexport const a = createEngine;"],
    ['electron/preload/x.ts', "import { createEngine } from '../services/engine.js';\nexport const a = createEngine;"],
    ['electron/services/toolbox/x.ts', "import { createPodmanRunner } from '../podman/runner.js';\nexport const a = createPodmanRunner;"],
    ['electron/services/images/x.ts', "import { pull } from '../podman/pull.js';\nexport const a = pull;"],
    ['electron/main/x.ts', "import { watchPodmanEvents } from '../services/podman/events.js';\nexport const a = watchPodmanEvents;"],
    ['bench/x.ts', "import { createPodmanRunner } from '../electron/services/podman/runner.js';\nexport const a = createPodmanRunner;"],
    ['electron/services/podman/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['renderer/components/x.tsx', "import { api } from '../api/connection';\nexport const a = api;"],
    ['renderer/components/create/x.tsx', "import type { ConnectionState } from '../../api/client';\nexport type A = ConnectionState;"],
    ['renderer/components/x.tsx', "import { spawn } from 'node:child_process';\nexport const a = spawn;"],
  ])('refuses what %s may not import', async (file, code) => {
    expect(await restrictedImports(file, code)).toBe(1);
  });

  it.each([
    ['renderer/x.ts', "import { callSchemas } from '../shared/contract';\nexport const a = callSchemas;"],
    ['renderer/state/x.ts', "import { api } from '../api/connection';\nexport const a = api;"],
    ['renderer/components/x.tsx', "import { openTab } from '../state/terminals';\nexport const a = openTab;"],
    ['electron/services/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/services/podman/x.ts', "import { createPodmanRunner } from './runner.js';\nexport const a = createPodmanRunner;"],
    ['electron/services/toolbox/x.ts', "import { PodmanClient } from '../podman/client.js';\nexport const a = PodmanClient;"],
  ])('allows what %s may import', async (file, code) => {
    expect(await restrictedImports(file, code)).toBe(0);
  });
});
