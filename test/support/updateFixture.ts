// The update centre's fixture, built offline from the fixture image: a local
// apt repository (dummy packages made with dpkg-deb, and a Packages index
// written here) in a host folder every toolbox sees under /run/host, and an
// image with the old tsh-demo installed whose only apt source is that
// repository. So a toolbox made from it has exactly one update pending,
// tsh-demo 1.0 → 2.0, with no network. The repository also offers tsh-legacy
// and ten tsh-pkg-* to install.
//
// Beside it, the distro's "next release": a second repository (tsh-demo 3.0,
// the tsh-pkg-* at 1.1, no tsh-legacy) and an image whose os-release says 13
// (trixie) and whose only apt source is that repository.
//
// Built once; reused while each repository's stamp carries FIXTURE_REVISION
// and each image's label that and its base image's ID (bump the revision
// whenever what is built here changes, so machines holding an older build
// make it again).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
/** Only in UPDATE_REPO (1.0): a package the next release dropped. */
export const LEGACY_PACKAGE = 'tsh-legacy';
/** Ten small packages (each one file, /usr/share/NAME/version): PACKAGE_VERSION in UPDATE_REPO, NEXT_PACKAGE_VERSION in NEXT_REPO. */
export const BENCH_PACKAGES: readonly string[] = Array.from({ length: 10 }, (_, i) => `tsh-pkg-${String(i + 1).padStart(2, '0')}`);
export const PACKAGE_VERSION = '1.0';

export const NEXT_IMAGE = 'localhost/toolshed-fixture-updates:next';
export const NEXT_REPO = '/var/tmp/toolshed-next-repo';
export const NEXT_VERSION_ID = '13';
/** tsh-demo in NEXT_REPO, and installed in NEXT_IMAGE. */
export const NEXT_DEMO_VERSION = '3.0';
export const NEXT_PACKAGE_VERSION = '1.1';
export const NEXT_SOURCE = `deb [trusted=yes] file:/run/host${NEXT_REPO} ./`;

/** What is built here; the repositories' stamp and the images' label hold it. */
const FIXTURE_REVISION = '2';
const REVISION_LABEL = 'dev.toolshed.fixture.updates.rev';
const STAMP = '.toolshed-fixture-revision';

/** An "all" package whose one file says its version; returns the .deb's path. */
function buildDeb(name: string, version: string, into: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tsh-deb-'));
  try {
    mkdirSync(path.join(root, 'DEBIAN'));
    mkdirSync(path.join(root, 'usr/share', name), { recursive: true });
    writeFileSync(path.join(root, 'usr/share', name, 'version'), `${version}\n`);
    writeFileSync(
      path.join(root, 'DEBIAN/control'),
      `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: Toolshed tests <tests@toolshed.invalid>\nDescription: a package the Toolshed tests install and upgrade\n`,
    );
    const deb = path.join(into, `${name}_${version}_all.deb`);
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

const repoIsCurrent = (dir: string) => {
  try {
    return existsSync(path.join(dir, 'Packages')) && readFileSync(path.join(dir, STAMP), 'utf8').trim() === FIXTURE_REVISION;
  } catch {
    return false;
  }
};

/**
 * Makes the repository DIR unless it is current: `extra` .debs are in the
 * folder only, `listed` ones also in its index. Built aside and renamed into
 * place, so a test reading the old one, or another process building the same,
 * never sees half of it.
 */
function ensureRepo(dir: string, listed: [string, string][], extra: [string, string][], log: (message: string) => void): void {
  if (repoIsCurrent(dir)) return;
  log(`making the local apt repository ${dir}`);
  const building = `${dir}.new-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  chmodSync(building, 0o755); // apt reads file: sources as _apt
  try {
    for (const [name, version] of extra) buildDeb(name, version, building);
    const stanzas = listed.map(([name, version]) => packagesStanza(buildDeb(name, version, building)));
    writeFileSync(path.join(building, 'Packages'), stanzas.join('\n'));
    writeFileSync(path.join(building, STAMP), `${FIXTURE_REVISION}\n`);
    if (repoIsCurrent(dir)) return; // another process finished first
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  } catch (error) {
    if (!repoIsCurrent(dir)) throw error;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

const inspect = (image: string, format: string): string | undefined => {
  try {
    return execFileSync('podman', ['image', 'inspect', '--format', format, image], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      cwd: '/tmp',
    }).trim();
  } catch {
    return undefined;
  }
};

/** What IMAGE's label must say: this revision, on this base (a rebuilt base makes it outdated too). */
const wantedRevision = (base: string) => `${FIXTURE_REVISION}-${(inspect(base, '{{.Id}}') ?? 'none').slice(0, 12)}`;

/** IMAGE exists and was built by this revision on BASE as it is; an older build is removed. */
function imageIsCurrent(image: string, base: string): boolean {
  const revision = inspect(image, `{{index .Labels "${REVISION_LABEL}"}}`);
  if (revision === undefined) return false;
  if (revision === wantedRevision(base)) return true;
  execFileSync('podman', ['rmi', '--force', image], { stdio: 'ignore', cwd: '/tmp' });
  return false;
}

/** Runs SCRIPT in BASE with REPO at /repo, no network, and commits the result as IMAGE with the revision label. */
function buildImage(image: string, base: string, repo: string, script: string): void {
  const builder = `tsh-update-fixture-${process.pid}`;
  const label = `LABEL ${REVISION_LABEL}=${wantedRevision(base)}`;
  try {
    execFileSync('podman', ['run', '--name', builder, '--network', 'none', '--volume', `${repo}:/repo:ro`, base, 'sh', '-c', `set -e\n${script}`], {
      stdio: 'pipe',
      cwd: '/tmp',
    });
    execFileSync('podman', ['commit', '--quiet', '--change', label, builder, image], { stdio: 'pipe', cwd: '/tmp' });
  } finally {
    execFileSync('podman', ['rm', '--force', '--ignore', builder], { stdio: 'ignore', cwd: '/tmp' });
  }
}

/** Makes the repository (tsh-demo 2.0, tsh-legacy, the tsh-pkg-* in its index) and the image (tsh-demo 1.0 installed) when missing or outdated. */
export function ensureUpdateFixture(log: (message: string) => void = () => undefined): void {
  ensureRepo(
    UPDATE_REPO,
    [[DEMO_PACKAGE, NEW_VERSION], [LEGACY_PACKAGE, PACKAGE_VERSION], ...BENCH_PACKAGES.map((name): [string, string] => [name, PACKAGE_VERSION])],
    [[DEMO_PACKAGE, OLD_VERSION]],
    log,
  );
  if (imageIsCurrent(UPDATE_IMAGE, FIXTURE_IMAGE)) return;
  log(`making ${UPDATE_IMAGE}: ${FIXTURE_IMAGE} with ${DEMO_PACKAGE} ${OLD_VERSION}, its apt source the local repository`);
  buildImage(
    UPDATE_IMAGE,
    FIXTURE_IMAGE,
    UPDATE_REPO,
    `dpkg -i /repo/${DEMO_PACKAGE}_${OLD_VERSION}_all.deb
rm -f /etc/apt/sources.list.d/*
echo '${UPDATE_SOURCE}' > /etc/apt/sources.list
rm -rf /var/lib/apt/lists/*`,
  );
}

/** The update fixture, then the next release's repository and image (os-release 13, tsh-demo 3.0 installed) when missing or outdated. */
export function ensureNextReleaseFixture(log: (message: string) => void = () => undefined): void {
  ensureUpdateFixture(log);
  ensureRepo(NEXT_REPO, [[DEMO_PACKAGE, NEXT_DEMO_VERSION], ...BENCH_PACKAGES.map((name): [string, string] => [name, NEXT_PACKAGE_VERSION])], [], log);
  if (imageIsCurrent(NEXT_IMAGE, UPDATE_IMAGE)) return;
  log(`making ${NEXT_IMAGE}: ${UPDATE_IMAGE} as release ${NEXT_VERSION_ID} with ${DEMO_PACKAGE} ${NEXT_DEMO_VERSION}, its apt source ${NEXT_REPO}`);
  // /etc/os-release is a link into /usr/lib: edit the file it names
  buildImage(
    NEXT_IMAGE,
    UPDATE_IMAGE,
    NEXT_REPO,
    `dpkg -i /repo/${DEMO_PACKAGE}_${NEXT_DEMO_VERSION}_all.deb
release=$(readlink -f /etc/os-release)
sed -i -e 's/^PRETTY_NAME=.*/PRETTY_NAME="Debian GNU\\/Linux ${NEXT_VERSION_ID} (trixie)"/' \\
  -e 's/^VERSION_ID=.*/VERSION_ID="${NEXT_VERSION_ID}"/' \\
  -e 's/^VERSION=.*/VERSION="${NEXT_VERSION_ID} (trixie)"/' \\
  -e 's/^VERSION_CODENAME=.*/VERSION_CODENAME=trixie/' "$release"
rm -f /etc/apt/sources.list.d/*
echo '${NEXT_SOURCE}' > /etc/apt/sources.list
rm -rf /var/lib/apt/lists/*`,
  );
}
