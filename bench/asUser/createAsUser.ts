// Runs as the unprivileged user (bench/rows/createToFirstCommand.ts starts it
// through runuser): Toolshed's engine makes one toolbox with that user's
// storage and runtime dir, then runs `podman exec NAME true`; prints the time
// from the call to the command's end as one line of JSON. Node's own start-up
// is outside the timing, as it is when the app is already open.
import { scratchEngine, operationId } from '../lib/engine.js';
import { runOk } from '../lib/processes.js';

interface Input {
  name: string;
  image: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const engine = scratchEngine();
let result: { ms?: number; error?: string };
try {
  const started = performance.now();
  await engine.api.createToolbox({ name: input.name, image: input.image, operationId: operationId() });
  await runOk('podman', ['exec', input.name, 'true'], { timeoutMs: 60_000 });
  result = { ms: performance.now() - started };
} catch (error) {
  result = { error: error instanceof Error ? error.message : String(error) };
} finally {
  engine.dispose();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
