// Where a running `toolshed serve` can be found by `toolshed --open NAME` (a
// menu entry written in serve mode): its URL, token included, in a file only
// the user can read, in the user's runtime directory (gone at logout). And the
// token kept across restarts when the user asks for it (--keep-token).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TOKEN_PATTERN } from '../../shared/serveAuth.js';
import { writePrivateFile } from '../services/privateFile.js';
import { xdgRuntimeDir, xdgStateHome } from '../services/xdgDirs.js';

export interface ServeRecord {
  pid: number;
  /** The page's address with the token in its fragment. */
  url: string;
}

const recordFile = (env: NodeJS.ProcessEnv, uid: number) => path.join(xdgRuntimeDir(uid, env), 'toolshed', 'serve.json');
const tokenFile = (env: NodeJS.ProcessEnv) => path.join(xdgStateHome(env), 'toolshed', 'serve-token');

export function writeServeRecord(env: NodeJS.ProcessEnv, uid: number, record: ServeRecord): () => void {
  const file = recordFile(env, uid);
  writePrivateFile(file, `${JSON.stringify(record)}\n`);
  return () => {
    // another serve started since may have replaced it: remove only our own
    if (readServeRecord(env, uid)?.pid === record.pid) rmSync(file, { force: true });
  };
}

/** The record of a serve that is still running, or undefined. */
export function readServeRecord(env: NodeJS.ProcessEnv, uid: number): ServeRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile(env, uid), 'utf8')) as Partial<ServeRecord>;
    if (typeof record.pid !== 'number' || typeof record.url !== 'string' || !/^http:\/\//.test(record.url)) return undefined;
    process.kill(record.pid, 0); // throws when no such process
    return { pid: record.pid, url: record.url };
  } catch {
    return undefined;
  }
}

/** The token kept for --keep-token, made (randomly, by `make`) the first time. */
export function keptToken(env: NodeJS.ProcessEnv, make: () => string): string {
  const file = tokenFile(env);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (TOKEN_PATTERN.test(kept)) return kept;
  } catch {
    // none yet
  }
  const token = make();
  writePrivateFile(file, `${token}\n`);
  return token;
}
