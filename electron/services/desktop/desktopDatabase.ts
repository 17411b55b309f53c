// After entries change, refresh the folder's MIME cache (mimeinfo.cache) with
// update-desktop-database, so exported apps open their file types. The tool is
// optional: desktop environments also watch the folder, so a missing tool or a
// failure is logged, never an error.
import { execFile } from 'node:child_process';

export function refreshDesktopDatabase(applicationsDir: string, log: (message: string) => void, binary = 'update-desktop-database'): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(binary, ['--quiet', '--', applicationsDir], { timeout: 15_000, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      if (!error) return resolve(true);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`${binary} failed: ${stderr.trim() || error.message}`);
      resolve(false);
    });
  });
}
