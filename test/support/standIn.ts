// Where the stand-in Electron is, and the address it gives the app's page
// (app://toolshed/index.html, mapped by test/stand-in-electron/protocol.ts):
// for the desktop e2e project and the bench's desktop row.
import path from 'node:path';
import { REPO } from './serve.js';

export const STAND_IN = path.join(REPO, 'dist/stand-in-electron/electron.cjs');
export const APP_PAGE = 'https://toolshed.app.stand-in.invalid/index.html';
