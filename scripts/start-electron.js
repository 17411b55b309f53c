// `npm start`: runs the built app in Electron. The electron package fetches its
// binary on first use (npm install never downloads it, so installs work offline).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath;
try {
  electronPath = require('electron');
} catch (error) {
  console.error(`Could not get Electron's binary (${error.message}).\nThe same app runs in a browser without it: npm run serve`);
  process.exit(1);
}
const result = spawnSync(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
