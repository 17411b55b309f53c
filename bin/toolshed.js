#!/usr/bin/env node
// The `toolshed` command: runs the built CLI (npm run build makes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('toolshed: dist/ is missing; run "npm run build" first.\n');
  process.exit(1);
}
const { main } = await import(cli);
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
