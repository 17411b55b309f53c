// The host's processes as tests see them.
import { execFileSync } from 'node:child_process';

/** Processes whose command line matches (pgrep -f). */
export function pgrep(pattern: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
