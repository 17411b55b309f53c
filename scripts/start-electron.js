// `npm start`: runs the built app in Electron. The electron package fetches its
// binary on first use (npm install never downloads it, so installs work offline).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { sandboxProblem } from './electronSandbox.js';

// Electron 45's tools (its download, node-abi) want Node.js 22.12 or newer; the served app does not
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `The Electron app needs Node.js 22.12 or newer (this is ${process.versions.node}).\nThe same app runs in a browser with this Node.js: npm run serve`,
  );
  process.exit(1);
}

const require = createRequire(import.meta.url);
let electronPath;
try {
  electronPath = require('electron');
} catch (error) {
  console.error(
    `Could not get Electron's binary (${error.message}); its first start downloads it, which needs network.\nThe same app runs in a browser without it: npm run serve`,
  );
  process.exit(1);
}
const sandbox = sandboxProblem(electronPath);
if (sandbox) {
  console.error(sandbox);
  process.exit(1);
}
const result = spawnSync(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
