// Why Electron's renderer sandbox would not start here, in words a user can act
// on: Ubuntu 23.10 and later let AppArmor refuse unprivileged user namespaces,
// and then Chromium needs its chrome-sandbox helper set-uid root, which an npm
// install never makes it. Used by scripts/start-electron.js before it starts
// Electron (Chromium's own message only names the helper).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A message when the sandbox cannot start, else null. `io` is for tests. */
export function sandboxProblem(electronBinary, io = { readFileSync, statSync }) {
  let restricted;
  try {
    restricted = io.readFileSync('/proc/sys/kernel/apparmor_restrict_unprivileged_userns', 'utf8').trim() === '1';
  } catch {
    return null; // no such AppArmor switch: user namespaces are not restricted this way
  }
  if (!restricted) return null;
  const helper = path.join(path.dirname(electronBinary), 'chrome-sandbox');
  try {
    const stat = io.statSync(helper);
    if (stat.uid === 0 && (stat.mode & 0o4000) !== 0) return null;
  } catch {
    // no helper: the same advice applies
  }
  return [
    'Electron cannot start its sandbox here: AppArmor restricts unprivileged user namespaces',
    '(kernel.apparmor_restrict_unprivileged_userns = 1, as on Ubuntu 23.10 and later),',
    `and ${helper} is not set-uid root. Either:`,
    `  sudo chown root:root '${helper}' && sudo chmod 4755 '${helper}'`,
    '  (once per install of the electron package), or install the packaged app (npm run package),',
    '  whose deb and rpm set the helper up, or use the same app in a browser: npm run serve',
  ].join('\n');
}
