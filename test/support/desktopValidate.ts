// desktop-file-validate (Debian's desktop-file-utils) on files the tests write.
// With CI=true a missing tool fails the run; elsewhere the checks are skipped.
import { execFileSync, spawnSync } from 'node:child_process';

export function desktopValidatorMissing(): string | undefined {
  try {
    execFileSync('desktop-file-validate', ['--help'], { stdio: 'ignore' });
    return undefined;
  } catch {
    const why = 'desktop-file-validate is not installed (apt install desktop-file-utils)';
    if (process.env.CI) throw new Error(why);
    return why;
  }
}

/** Its complaints about the file: errors and warnings alike (empty when it has none). */
export function validateDesktopFile(file: string): string {
  const result = spawnSync('desktop-file-validate', ['--no-hints', file], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0 && output === '') return `desktop-file-validate exited with ${String(result.status)}`;
  return output;
}
