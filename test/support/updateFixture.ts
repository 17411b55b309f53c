// The update centre's fixture, built offline from the fixture image: a local
// apt repository (two versions of a dummy package made with dpkg-deb, and a
// Packages index written here) in a host folder every toolbox sees under
// /run/host, and an image with the old version installed whose only apt
// source is that repository. So a toolbox made from it has exactly one update
// pending, tsh-demo 1.0 → 2.0, with no network. Built once; reused while the
// repository's index and the image exist.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_IMAGE } from './machine.js';

export const UPDATE_IMAGE = 'localhost/toolshed-fixture-updates:bookworm';
export const UPDATE_REPO = '/var/tmp/toolshed-update-repo';
export const DEMO_PACKAGE = 'tsh-demo';
export const OLD_VERSION = '1.0';
export const NEW_VERSION = '2.0';
/** The apt source of the image: the repository as toolboxes see the host. */
export const UPDATE_SOURCE = `deb [trusted=yes] file:/run/host${UPDATE_REPO} ./`;

/** An "all" package whose one file says its version; returns the .deb's path. */
function buildDeb(version: string, into: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tsh-deb-'));
  try {
    mkdirSync(path.join(root, 'DEBIAN'));
    mkdirSync(path.join(root, 'usr/share', DEMO_PACKAGE), { recursive: true });
    writeFileSync(path.join(root, 'usr/share', DEMO_PACKAGE, 'version'), `${version}\n`);
    writeFileSync(
      path.join(root, 'DEBIAN/control'),
      `Package: ${DEMO_PACKAGE}\nVersion: ${version}\nArchitecture: all\nMaintainer: Toolshed tests <tests@toolshed.invalid>\nDescription: a package the update tests upgrade\n`,
    );
    const deb = path.join(into, `${DEMO_PACKAGE}_${version}_all.deb`);
    execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, deb], { stdio: 'pipe' });
    return deb;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The Packages stanza apt reads for a .deb in the repository's root. */
function packagesStanza(deb: string): string {
  const bytes = readFileSync(deb);
  const control = execFileSync('dpkg-deb', ['--field', deb], { encoding: 'utf8' }).trimEnd();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const md5 = createHash('md5').update(bytes).digest('hex');
  return `${control}\nFilename: ./${path.basename(deb)}\nSize: ${bytes.length}\nMD5sum: ${md5}\nSHA256: ${sha256}\n`;
}

const imageExists = (image: string) => {
  try {
    execFileSync('podman', ['image', 'exists', image], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Makes the repository (2.0 in its index) and the image (1.0 installed) when they are missing. */
export function ensureUpdateFixture(log: (message: string) => void = () => undefined): void {
  const index = path.join(UPDATE_REPO, 'Packages');
  if (!existsSync(index)) {
    log(`making the local apt repository ${UPDATE_REPO}`);
    mkdirSync(UPDATE_REPO, { recursive: true, mode: 0o755 });
    buildDeb(OLD_VERSION, UPDATE_REPO);
    const newer = buildDeb(NEW_VERSION, UPDATE_REPO);
    writeFileSync(`${index}.tmp`, packagesStanza(newer));
    execFileSync('mv', ['-f', `${index}.tmp`, index]);
  }
  if (imageExists(UPDATE_IMAGE)) return;
  log(`making ${UPDATE_IMAGE}: ${FIXTURE_IMAGE} with ${DEMO_PACKAGE} ${OLD_VERSION}, its apt source the local repository`);
  const builder = `tsh-update-fixture-${process.pid}`;
  const script = `set -e
dpkg -i /repo/${DEMO_PACKAGE}_${OLD_VERSION}_all.deb
rm -f /etc/apt/sources.list.d/*
echo '${UPDATE_SOURCE}' > /etc/apt/sources.list
rm -rf /var/lib/apt/lists/*`;
  try {
    execFileSync('podman', ['run', '--name', builder, '--network', 'none', '--volume', `${UPDATE_REPO}:/repo:ro`, FIXTURE_IMAGE, 'sh', '-c', script], {
      stdio: 'pipe',
      cwd: '/tmp',
    });
    execFileSync('podman', ['commit', '--quiet', builder, UPDATE_IMAGE], { stdio: 'pipe', cwd: '/tmp' });
  } finally {
    execFileSync('podman', ['rm', '--force', '--ignore', builder], { stdio: 'ignore', cwd: '/tmp' });
  }
}
