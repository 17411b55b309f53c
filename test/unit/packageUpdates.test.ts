// The update centre's foundation (shared/domain/packageUpdates.ts) replayed on
// what apt, dnf4, dnf5, pacman, zypper and apk really print: the recordings in
// test/recorded/updates/ (its README says how each was made, and which few
// samples were written from the tools' source instead).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../shared/domain/osRelease.js';
import {
  PACKAGE_MANAGERS,
  PACKAGE_MANAGER_BINARIES,
  checkFailure,
  lockHeldElsewhere,
  compareVersions,
  detectPackageManager,
  evaluateCheck,
  isPackageManager,
  osIdentity,
  parsePendingUpdates,
  updateCommands,
  type PackageManager,
  type PendingUpdate,
  type StepResult,
} from '../../shared/domain/packageUpdates.js';

const dir = new URL('../recorded/updates/', import.meta.url);
const text = (file: string) => readFileSync(new URL(file, dir), 'utf8');

interface Recording {
  manager: PackageManager;
  about: string;
  steps: (StepResult & { argv: string[] })[];
}
const recording = (file: string) => JSON.parse(text(file)) as Recording;

const tshrec = (name: string, to: string, arch: string, from?: string): PendingUpdate => ({ name, ...(from ? { from } : {}), to, arch, repository: 'tshrec' });
const security = (name: string, from: string, to: string, arch = 'amd64'): PendingUpdate => ({
  name,
  from,
  to,
  arch,
  repository: 'Debian-Security:12/oldstable-security',
});
const LONG = 'tsh-a-rather-long-package-name-to-test-column-wrapping';

type Expected = { updates: PendingUpdate[] } | { error: string; step: number };

// Every recording, with what Toolshed must make of it.
const RECORDED: Record<string, Expected> = {
  'apt-pending.json': {
    updates: [
      security('apt', '2.6.1', '2.6.2'),
      security('libapt-pkg6.0', '2.6.1', '2.6.2'),
      security('liblzma5', '5.4.1-1+deb12u1', '5.4.1-1+deb12u2'),
      security('libpam-modules', '1.5.2-6+deb12u2', '1.5.2-6+deb12u3'),
      security('libpam-modules-bin', '1.5.2-6+deb12u2', '1.5.2-6+deb12u3'),
      security('libpam-runtime', '1.5.2-6+deb12u2', '1.5.2-6+deb12u3', 'all'),
      security('libpam0g', '1.5.2-6+deb12u2', '1.5.2-6+deb12u3'),
      security('libpcre2-8-0', '10.42-1', '10.42-1+deb12u2'),
      security('libzstd1', '1.5.4+dfsg2-5', '1.5.4+dfsg2-5+deb12u1'),
      security('perl-base', '5.36.0-7+deb12u3', '5.36.0-7+deb12u4'),
      security('tzdata', '2026b-0+deb12u1', '2026f-0+deb12u1', 'all'),
      security('zlib1g', '1:1.2.13.dfsg-1', '1:1.2.13.dfsg-1+deb12u1'),
    ],
  },
  'apt-none.json': { updates: [] },
  'apt-locked.json': {
    step: 1,
    error: 'E: Could not get lock /var/tmp/toolshed-apt-lists/lock. It is held by process 11 (perl)\nE: Unable to lock directory /var/tmp/toolshed-apt-lists/',
  },
  'apt-unreachable.json': {
    step: 1,
    error:
      'E: Failed to fetch http://127.0.0.1:9/debian/dists/bookworm/InRelease  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)\n' +
      'E: Some index files failed to download. They have been ignored, or old ones used instead.',
  },
  'apt-unreachable-no-error-mode.json': {
    step: 1,
    error:
      'W: Failed to fetch http://127.0.0.1:9/debian/dists/bookworm/InRelease  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)\n' +
      'W: Some index files failed to download. They have been ignored, or old ones used instead.',
  },
  'apt-unresolvable.json': {
    step: 1,
    error:
      "E: Failed to fetch http://deb.invalid/debian/dists/bookworm/InRelease  Could not resolve 'deb.invalid'\n" +
      'E: Some index files failed to download. They have been ignored, or old ones used instead.',
  },
  'dnf4-pending.json': {
    updates: [
      tshrec(LONG, '1.0-2', 'noarch'),
      tshrec('tsh-blocked', '1.1-1', 'noarch'),
      tshrec('tsh-hello', '1.1-1', 'noarch'),
      tshrec('tsh-newname', '2.0-1', 'noarch'),
      tshrec('tsh-tool', '2:3.1-2', 'x86_64'),
    ],
  },
  'dnf4-none.json': { updates: [] },
  'dnf4-unreachable.json': {
    step: 0,
    error:
      "Errors during downloading metadata for repository 'tshdown':\n" +
      "- Curl error (7): Couldn't connect to server for http://127.0.0.1:9/repo/repodata/repomd.xml [Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server]\n" +
      "Error: Failed to download metadata for repo 'tshdown': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried",
  },
  'dnf4-unreachable-skipped.json': {
    step: 0,
    error:
      "Errors during downloading metadata for repository 'tshdown':\n" +
      "- Curl error (7): Couldn't connect to server for http://127.0.0.1:9/repo/repodata/repomd.xml [Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server]\n" +
      "Error: Failed to download metadata for repo 'tshdown': Cannot download repomd.xml: Cannot download repodata/repomd.xml: All mirrors were tried\n" +
      'Ignoring repositories: tshdown',
  },
  'dnf5-pending.json': {
    updates: [
      tshrec(LONG, '1.0-2', 'noarch'),
      tshrec('tsh-blocked', '1.1-1', 'noarch'),
      tshrec('tsh-hello', '1.1-1', 'noarch'),
      tshrec('tsh-suite', '2.0-1', 'noarch'),
      tshrec('tsh-tool', '2:3.1-2', 'x86_64'),
    ],
  },
  'dnf5-none.json': { updates: [] },
  'dnf5-unreachable.json': {
    step: 0,
    error:
      '>>> Curl error (7): Could not connect to server for http://127.0.0.1:9/repo/repodata/repomd.xml [Failed to connect to 127.0.0.1:9 after 0 ms: Could not connect to server] - http://127.0.0.1:9/repo/repodata/repomd.xml\n' +
      '>>> Usable URL not found\n' +
      'Failed to download metadata (baseurl: "http://127.0.0.1:9/repo") for repository "tshdown": Usable URL not found',
  },
  'dnf5-unreachable-skipped.json': {
    step: 0,
    error:
      '>>> Curl error (7): Could not connect to server for http://127.0.0.1:9/repo/repodata/repomd.xml [Failed to connect to 127.0.0.1:9 after 0 ms: Could not connect to server] - http://127.0.0.1:9/repo/repodata/repomd.xml\n' +
      '>>> Usable URL not found',
  },
  'pacman-pending.json': {
    updates: [
      { name: LONG, from: '1.0-1', to: '1.0-2' },
      { name: 'tsh-hello', from: '1.0-1', to: '1.1-1' },
      { name: 'tsh-tool', from: '2:3.0-1', to: '2:3.1-2' },
    ],
  },
  'pacman-ignored-only.json': { updates: [] },
  'pacman-none.json': { updates: [] },
  'pacman-unreachable.json': {
    step: 2,
    error:
      "error: failed retrieving file 'tshdown.db' from 127.0.0.1:9 : Failed to connect to 127.0.0.1:9 after 0 ms: Could not connect to server\n" +
      'error: failed to synchronize all databases (download library error)',
  },
  'zypper-pending.json': {
    updates: [tshrec(LONG, '1.0-2', 'noarch', '1.0-1'), tshrec('tsh-hello', '1.1-1', 'noarch', '1.0-1'), tshrec('tsh-tool', '2:3.1-2', 'x86_64', '2:3.0-1')],
  },
  'zypper-none.json': { updates: [] },
  'zypper-unreachable.json': {
    step: 0,
    error: [
      "Repository 'tshdown' is invalid.",
      '[tshdown|http://127.0.0.1:9/repo] Valid metadata not found at specified URL',
      'History:',
      " - [|] Error trying to read from 'http://127.0.0.1:9/repo'",
      " - Download (curl) error for 'http://127.0.0.1:9/repo/content':",
      'Error code: Connection failed',
      "Error message: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
      'Please check if the URIs defined for this repository are pointing to a valid repository.',
      "Skipping repository 'tshdown' because of the above error.",
      'Some of the repositories have not been refreshed because of an error.',
    ].join('\n'),
  },
  'apk-pending.json': {
    updates: [
      { name: 'tsh-hello', from: '1.0-r0', to: '1.1-r0', arch: 'noarch' },
      { name: 'tsh-spdx', from: '1.0-r0', to: '1.0-r1', arch: 'noarch' },
      { name: 'tsh-tool', from: '3.0-r1', to: '3.1_p1-r2', arch: 'x86_64' },
    ],
  },
  'apk-none.json': { updates: [] },
  'apk-unreachable.json': { step: 0, error: 'WARNING: updating and opening http://127.0.0.1:9/alpine/v3.22/main/x86_64/APKINDEX.tar.gz: Connection refused' },
  // written from apk-tools 2.14's source, not recorded (see the README)
  'apk2-update-unreachable.json': { step: 0, error: 'WARNING: updating and opening http://127.0.0.1:9/alpine/v3.22/main: Connection refused' },
};

describe('recorded update checks', () => {
  it('every recording in test/recorded/updates/ has its expectation here', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(Object.keys(RECORDED).sort());
  });

  for (const [file, expected] of Object.entries(RECORDED)) {
    it(`${file}: ${'updates' in expected ? `${expected.updates.length} pending` : `fails at step ${expected.step}`}`, () => {
      const { manager, steps } = recording(file);
      const commands = updateCommands(manager);
      // recorded with Toolshed's own argv (one file says it replaced step 0 on purpose)
      steps.forEach(({ argv }, index) => {
        if (file === 'apt-unreachable-no-error-mode.json' && index === 1)
          expect(argv).toEqual(
            commands.check[1]!.filter((arg, i, all) => arg !== 'APT::Update::Error-Mode=any' && all[i + 1] !== 'APT::Update::Error-Mode=any'),
          );
        else expect(argv).toEqual(commands.check[index]);
      });
      const outcome = evaluateCheck(manager, steps);
      if ('updates' in expected) {
        expect(steps).toHaveLength(commands.check.length);
        expect(outcome).toEqual({ ok: true, updates: expected.updates });
        // a success is never hiding a failure text, at any step
        steps.forEach((s, i) => expect(checkFailure(manager, s.exitCode, s.stdout, s.stderr, i)).toBeNull());
      } else {
        expect(outcome).toEqual({ ok: false, error: expected.error, step: expected.step });
        expect(steps).toHaveLength(expected.step + 1); // the recorder stopped where Toolshed stops
      }
    });
  }

  it('exit codes that mean "updates available" or "none" are not failures', () => {
    const dnf4 = recording('dnf4-pending.json').steps[0]!;
    expect(dnf4.exitCode).toBe(100);
    expect(checkFailure('dnf', 100, dnf4.stdout, dnf4.stderr)).toBeNull();
    const qu = recording('pacman-none.json').steps[3]!;
    expect([qu.exitCode, qu.stdout]).toEqual([1, '']);
    expect(checkFailure('pacman', 1, '', '')).toBeNull();
    // …but the same exit code from pacman -Sy is a failure
    expect(checkFailure('pacman', 1, '', '', 2)).toBe(`${updateCommands('pacman').check[2]!.join(' ')} failed (exit code 1)`);
    // and pacman -Qu exiting 1 with an error is one too
    expect(checkFailure('pacman', 1, '', 'error: no usable package repositories configured.\n')).toBe('error: no usable package repositories configured.');
    expect(checkFailure('pacman', 1, '', "warning: config file /etc/pacman.conf, line 9: directive 'Foo' in section 'options' not recognized.\n")).toBeNull();
  });

  it('the stale-list warnings fail a check whose exit code says success', () => {
    const skipped = recording('dnf4-unreachable-skipped.json').steps[0]!;
    expect(skipped.exitCode).toBe(100);
    expect(parsePendingUpdates('dnf', skipped.stdout).map((u) => u.name)).toEqual([LONG, 'tsh-hello', 'tsh-newname', 'tsh-tool']);
    expect(checkFailure('dnf', skipped.exitCode, skipped.stdout, skipped.stderr)).toMatch(/^Errors during downloading metadata/);
    const old = recording('apt-unreachable-no-error-mode.json').steps[1]!;
    expect(old.exitCode).toBe(0);
    expect(checkFailure('apt', 0, old.stdout, old.stderr, 1)).toMatch(/^W: Failed to fetch/);
  });

  it('noise on stderr of a good check is not a failure', () => {
    // dnf on Debian: no system-release package to take $releasever from
    expect(recording('dnf4-none.json').steps[0]!.stderr).toContain('Unable to detect release version');
    expect(
      checkFailure(
        'apt',
        0,
        '',
        'W: http://example.org/dists/x/InRelease: Key is stored in legacy trusted.gpg keyring (/etc/apt/trusted.gpg), see the DEPRECATION section in apt-key(8) for details.\n',
        1,
      ),
    ).toBeNull();
    expect(checkFailure('apt', 0, '', "N: Skipping acquire of configured file 'main/binary-i386/Packages'\n", 0)).toBeNull();
    // dnf5: one mirror's curl error, the next mirror served the metadata
    expect(
      checkFailure(
        'dnf',
        100,
        'Upgrades\nfoo.noarch 1.1-1 updates\n',
        '>>> Curl error (28): Timeout was reached for https://mirror.example/repomd.xml\nRepositories loaded.\n',
      ),
    ).toBeNull();
  });

  it('a failure with nothing to quote still says which command failed', () => {
    expect(checkFailure('apt', 137, '', '', 2)).toBe(`${updateCommands('apt').check[2]!.join(' ')} failed (exit code 137)`);
    expect(checkFailure('zypper', 106, '<stream></stream>', '')).toBe('zypper --non-interactive --xmlout --no-refresh list-updates failed (exit code 106)');
    expect(checkFailure('apk', 2, '', 'ERROR: Unable to lock database: Resource temporarily unavailable\n', 0)).toBe(
      'ERROR: Unable to lock database: Resource temporarily unavailable',
    );
    expect(checkFailure('dnf', 1, '', 'Error: This command has to be run with superuser privileges (under the root user on most systems).\n')).toBe(
      'Error: This command has to be run with superuser privileges (under the root user on most systems).',
    );
    expect(checkFailure('apt', 0, '', '', 7)).toBe('no check step 7 for apt');
  });

  it('a lock another process holds is told apart from every other failure (it is worth a retry)', () => {
    const locked = evaluateCheck('apt', recording('apt-locked.json').steps);
    expect(!locked.ok && lockHeldElsewhere('apt', locked.error)).toBe(true);
    for (const file of ['apt-unreachable.json', 'apt-unresolvable.json', 'dnf4-unreachable.json', 'pacman-unreachable.json']) {
      const outcome = evaluateCheck(recording(file).manager, recording(file).steps);
      expect(!outcome.ok && lockHeldElsewhere(recording(file).manager, outcome.error), file).toBe(false);
    }
  });

  it('a check that did not run every step is not a success', () => {
    const [update] = recording('apt-none.json').steps;
    expect(evaluateCheck('apt', [update!])).toEqual({ ok: false, error: 'the update check did not finish', step: 1 });
    expect(evaluateCheck('apt', [])).toEqual({ ok: false, error: 'the update check did not finish', step: 0 });
  });
});

describe('samples written from the tools\u2019 output code', () => {
  it('apt: multi-arch, several origins, a label with spaces, no Release file; new packages and removals are not updates', () => {
    expect(parsePendingUpdates('apt', text('apt-format.txt'))).toEqual([
      { name: 'docker-ce-cli', from: '5:28.0.1-1~debian.12~bookworm', to: '5:28.0.4-1~debian.12~bookworm', arch: 'amd64', repository: 'Docker CE:bookworm' },
      { name: 'libc6', from: '2.36-9+deb12u7', to: '2.36-9+deb12u9', arch: 'amd64', repository: 'Debian:12.9/stable, Debian-Security:12/stable-security' },
      { name: 'libc6', from: '2.36-9+deb12u7', to: '2.36-9+deb12u9', arch: 'i386', repository: 'Debian:12.9/stable, Debian-Security:12/stable-security' },
      { name: 'linux-image-amd64', from: '6.1.998-1', to: '6.1.999-1', arch: 'amd64', repository: 'Debian-Security:12/stable-security' },
      { name: 'tsh-local', from: '1.0', to: '1.1', arch: 'all', repository: 'localhost' },
    ]);
  });

  it('dnf4 on a narrow terminal: wrapped rows are joined, obsoleted packages and "Security:" lines skipped', () => {
    expect(parsePendingUpdates('dnf', text('dnf4-wrapped.txt'))).toEqual([
      { name: 'fedora-release-identity-basic', to: '43-26', arch: 'noarch', repository: 'updates' },
      { name: 'java-21-openjdk-headless-slowdebug', to: '1:21.0.9.0.10-1.fc43', arch: 'x86_64', repository: 'updates' },
      { name: 'kernel-core', to: '6.17.9-300.fc43', arch: 'x86_64', repository: 'updates' },
      { name: 'python3.13', to: '3.13.9-1.fc43', arch: 'x86_64', repository: 'updates' },
    ]);
  });

  it('dnf5 before 5.4 (no "Upgrades" heading): multilib twins kept apart, a version that starts with a letter', () => {
    expect(parsePendingUpdates('dnf', text('dnf5-before-5.4.txt'))).toEqual([
      { name: 'glibc', to: '2.41-11.fc42', arch: 'i686', repository: 'updates' },
      { name: 'glibc', to: '2.41-11.fc42', arch: 'x86_64', repository: 'updates' },
      { name: 'kernel-core', to: '6.17.9-200.fc42', arch: 'x86_64', repository: 'updates' },
      { name: 'warp-terminal', to: 'v0.2026.11.25.08.02.stable_01-1', arch: 'x86_64', repository: 'warpdotdev' },
    ]);
  });

  it('apk 2: one entry per package, the newest of two candidates', () => {
    expect(parsePendingUpdates('apk', text('apk2-list-upgradable.txt'))).toEqual([
      { name: 'busybox', from: '1.37.0-r18', to: '1.37.0-r20', arch: 'x86_64' },
      { name: 'libcrypto3', from: '3.5.3-r0', to: '3.5.4-r0', arch: 'x86_64' },
      { name: 'py3-setuptools', from: '80.3.1-r0', to: '80.9.0-r0', arch: 'noarch' },
      { name: 'ssl_client', from: '1.37.0-r18', to: '1.37.0-r19', arch: 'x86_64' },
    ]);
  });

  it('zypper: patches and blocked updates are not package updates; entities are decoded', () => {
    const xml = [
      "<?xml version='1.0'?>",
      '<stream>',
      '<update-status version="0.6">',
      '<update-list>',
      '<update kind="patch" name="openSUSE-2026-1" edition="1" arch="noarch" status="needed"><summary>fix</summary></update>',
      "<update kind='package' name='gtk3-schema' edition='3.24.49-1.1' arch='noarch' edition-old='3.24.48-2.1'><summary>a &amp; b &lt;c&gt;</summary><source url=\"http://download.opensuse.org/tumbleweed/repo/oss/\" alias=\"repo-oss\"/></update>",
      '<update kind="package" name="libfoo&#45;2" edition="2.0-1.1" arch="x86_64" edition-old="1.9-1.1"><source url="https://example.org/r" alias="x&amp;y"/></update>',
      '</update-list>',
      '<blocked-update-list>',
      '<update kind="package" name="held" edition="2" arch="noarch" edition-old="1"/>',
      '</blocked-update-list>',
      '</update-status>',
      '</stream>',
    ].join('\n');
    expect(parsePendingUpdates('zypper', xml)).toEqual([
      { name: 'gtk3-schema', from: '3.24.48-2.1', to: '3.24.49-1.1', arch: 'noarch', repository: 'repo-oss' },
      { name: 'libfoo-2', from: '1.9-1.1', to: '2.0-1.1', arch: 'x86_64', repository: 'x&y' },
    ]);
  });
});

describe('commands', () => {
  it('are argv arrays, never shell strings', () => {
    for (const manager of PACKAGE_MANAGERS) {
      const { check, upgrade, checkExitCodesOk, env } = updateCommands(manager);
      expect(check.length).toBeGreaterThan(0);
      // apt's upgrade is a fixed script that refreshes the lists first (apt-get has no option for it)
      const programs = manager === 'apt' ? check : [...check, upgrade];
      for (const argv of programs) {
        expect(Array.isArray(argv)).toBe(true);
        expect(argv.length).toBeGreaterThan(0);
        for (const arg of argv) {
          expect(typeof arg).toBe('string');
          expect(arg).not.toMatch(/\s|[;&|`$><]/);
        }
        expect(['sh', 'bash', '/bin/sh', '/bin/bash']).not.toContain(argv[0]);
      }
      // the listing step (and the upgrade) run the manager's own program
      expect(check.at(-1)![0]).toBe(PACKAGE_MANAGER_BINARIES[manager]);
      expect(manager === 'apt' ? upgrade[2]!.split(' ')[0] : upgrade[0]).toBe(PACKAGE_MANAGER_BINARIES[manager]);
      expect(checkExitCodesOk).toContain(0);
      expect(env).toEqual({ LC_ALL: 'C' });
    }
  });

  it('match what the update centre runs', () => {
    // apt's check keeps its own, compressed lists, and writes no binary caches
    const APT_OWN_LISTS = [
      '-o',
      'Dir::State::Lists=/var/tmp/toolshed-apt-lists',
      '-o',
      'Dir::Cache::pkgcache=',
      '-o',
      'Dir::Cache::srcpkgcache=',
      '-o',
      'Acquire::Languages=none',
      '-o',
      'Acquire::GzipIndexes=true',
    ];
    expect(updateCommands('apt')).toEqual({
      check: [
        ['mkdir', '-p', '/var/tmp/toolshed-apt-lists/partial'],
        ['apt-get', 'update', '-qq', '-o', 'APT::Update::Error-Mode=any', ...APT_OWN_LISTS],
        ['apt-get', '-s', '-o', 'Debug::NoLocking=1', ...APT_OWN_LISTS, 'dist-upgrade'],
      ],
      checkExitCodesOk: [0],
      upgrade: ['sh', '-c', 'apt-get update && exec apt-get dist-upgrade'],
      env: { LC_ALL: 'C' },
    });
    expect(updateCommands('dnf')).toMatchObject({
      check: [['dnf', 'check-update', '--refresh', '--assumeno']],
      checkExitCodesOk: [0, 100],
      upgrade: ['dnf', 'upgrade', '--refresh'],
    });
    // pacman never syncs the real sync db (no partial upgrades): only the scratch dbpath
    const pacman = updateCommands('pacman');
    expect(pacman.check.filter((argv) => argv[0] === 'pacman').every((argv) => argv.includes('--dbpath'))).toBe(true);
    expect(pacman).toMatchObject({ checkExitCodesOk: [0, 1], upgrade: ['pacman', '-Syu'] });
    expect(updateCommands('zypper')).toMatchObject({ checkExitCodesOk: [0], upgrade: ['zypper', 'update'] });
    expect(updateCommands('apk')).toMatchObject({
      check: [
        ['apk', 'update'],
        ['apk', 'list', '-u'],
      ],
      upgrade: ['apk', 'upgrade', '--update-cache', '--interactive'],
    });
  });

  it('are fresh copies', () => {
    const first = updateCommands('apt');
    first.check[0]!.push('--oops');
    first.upgrade.length = 0;
    (first.env as Record<string, string>).LC_ALL = 'de_DE.UTF-8';
    expect(updateCommands('apt').check[0]).not.toContain('--oops');
    expect(updateCommands('apt').upgrade).toEqual(['sh', '-c', 'apt-get update && exec apt-get dist-upgrade']);
    expect(updateCommands('apt').env).toEqual({ LC_ALL: 'C' });
  });
});

describe('detectPackageManager', () => {
  const os = (text: string) => osIdentity(parseOsRelease(text));

  it('takes os-release ID, then ID_LIKE, when that manager is installed', () => {
    expect(detectPackageManager(os('ID=debian\n'), ['apt-get', 'apt', 'dpkg'])).toBe('apt');
    expect(detectPackageManager(os('ID=fedora\nVERSION_ID=43\n'), ['dnf', 'dnf5', 'rpm'])).toBe('dnf');
    expect(detectPackageManager(os('ID="rocky"\nID_LIKE="rhel centos fedora"\n'), ['dnf'])).toBe('dnf');
    expect(detectPackageManager(os('ID=arch\n'), ['pacman'])).toBe('pacman');
    expect(detectPackageManager(os('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n'), ['zypper', 'rpm'])).toBe('zypper');
    expect(detectPackageManager(os('ID=alpine\n'), ['apk'])).toBe('apk');
    expect(detectPackageManager(os('ID=linuxmint\nID_LIKE="ubuntu debian"\n'), ['apt-get'])).toBe('apt');
    expect(detectPackageManager(os('ID=my-spin\nID_LIKE="arch"\n'), ['/usr/bin/pacman'])).toBe('pacman');
  });

  it('prefers the os-release one over other managers found on PATH', () => {
    // Debian with dnf and zypper installed from Debian's archive (as in these recordings)
    expect(detectPackageManager({ id: 'debian' }, ['zypper', 'dnf', 'apt-get', 'pacman'])).toBe('apt');
    expect(detectPackageManager({ id: 'fedora' }, ['apt-get', 'dnf'])).toBe('dnf');
  });

  it('falls back to the binaries, then to os-release alone', () => {
    expect(detectPackageManager({ id: 'fedora' }, ['apk'])).toBe('apk'); // os-release lies or dnf is gone
    expect(detectPackageManager({ id: 'gentoo' }, ['emerge', 'pacman'])).toBe('pacman');
    expect(detectPackageManager({}, ['zypper', 'apk'])).toBe('zypper');
    expect(detectPackageManager({ id: 'ubuntu' }, [])).toBe('apt');
    expect(detectPackageManager({ id: 'nixos' }, [])).toBeNull();
    expect(detectPackageManager({ id: 'nixos' }, ['nix-env'])).toBeNull();
    expect(detectPackageManager({}, [])).toBeNull();
    // dnf5 alone is not enough: the commands run `dnf`
    expect(detectPackageManager({ id: 'fedora' }, ['dnf5'])).toBeNull();
  });

  it('takes what os-release parsing gives, and survives junk', () => {
    expect(osIdentity(parseOsRelease('ID=Ubuntu\nID_LIKE="debian  "\n'))).toEqual({ id: 'ubuntu', idLike: ['debian'] });
    expect(osIdentity({})).toEqual({});
    expect(detectPackageManager({ id: '__proto__', idLike: ['constructor', 'toString'] }, [])).toBeNull();
    expect(detectPackageManager(null as unknown as { id?: string }, null as unknown as string[])).toBeNull();
    expect(detectPackageManager({ idLike: 'debian' as unknown as string[] }, [42 as unknown as string, 'apt-get'])).toBe('apt');
  });
});

describe('garbage in', () => {
  // A small deterministic generator: fragments of real lines, cut and shuffled.
  function* fuzz(seed: number, count: number) {
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => recording(f).steps.map((s) => s.stdout + s.stderr));
    const corpus = [...sources, text('apt-format.txt'), text('dnf4-wrapped.txt'), text('dnf5-before-5.4.txt'), text('apk2-list-upgradable.txt')].join('\n');
    for (let i = 0; i < count; i++) {
      let out = '';
      const pieces = 1 + Math.floor(next() * 12);
      for (let p = 0; p < pieces; p++) {
        const start = Math.floor(next() * corpus.length);
        out += corpus.slice(start, start + Math.floor(next() * 300));
        if (next() < 0.2) out += String.fromCharCode(Math.floor(next() * 0x2000));
      }
      yield out;
    }
  }

  const weird: unknown[] = [
    '',
    '\n\n\n',
    '\u0000\u0001\u00ff\ufffd',
    'Inst ',
    'Inst x [',
    'Inst x [1] (',
    'Inst x [1] ()',
    'Inst  [1] (2 Debian:12/stable [amd64])',
    '.noarch 1-1 repo',
    'name. 1-1 repo',
    'a -> b',
    ' -> ',
    'x 1 -> 2 [ignored] extra',
    '<update-list><update name="x" edition="" arch="a"/></update-list>',
    '<update-list><update name="unterminated',
    '<update-list>'.repeat(1000),
    '<update-list><update kind="package" name="a" edition="1" arch="x"' + ' a="b"'.repeat(5000) + '></update-list>',
    '[upgradable from: ]',
    'x-1-r0 x86_64 {x} (MIT) [upgradable from: y-0-r0]',
    'Inst a [1] (2 Debian:12/stable [amd64])\n'.repeat(20000),
    'A'.repeat(1_000_000),
    `Inst ${'x'.repeat(100_000)} [1] (2 a [b])`,
    ` ${'('.repeat(50_000)}`,
    `${'Inst a [1] ('.repeat(5000)}`,
    undefined,
    null,
    42,
    {},
    ['Inst a [1] (2 x [amd64])'],
  ];

  it('never throws, and returns only well-formed, unique, sorted entries', () => {
    const inputs = [...weird, ...fuzz(7, 400)];
    for (const manager of PACKAGE_MANAGERS) {
      for (const input of inputs) {
        const updates = parsePendingUpdates(manager, input as string);
        expect(Array.isArray(updates)).toBe(true);
        const keys = updates.map((u) => `${u.name}\u0000${u.arch ?? ''}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(keys);
        for (const u of updates) {
          expect(u.name).toMatch(/^\S+$/);
          expect(u.to).toMatch(/^\S+$/);
          if (u.from !== undefined) expect(u.from).toMatch(/^\S+$/);
          if (u.arch !== undefined) expect(u.arch).toMatch(/^\S+$/);
          if (u.repository !== undefined) expect(u.repository.trim()).toBe(u.repository);
        }
        for (const step of [undefined, 0, 1, 2, 3]) {
          const failure = checkFailure(manager, 1, input as string, input as string, step);
          expect(failure === null || typeof failure === 'string').toBe(true);
        }
        expect(() => evaluateCheck(manager, [{ exitCode: 0, stdout: input as string, stderr: input as string }])).not.toThrow();
      }
    }
  });

  it('keeps what it understood before the garbage', () => {
    const apt = `${text('apt-format.txt')}\n\u0000garbage Inst [\n${'Z'.repeat(10_000)}\n`;
    expect(parsePendingUpdates('apt', apt)).toHaveLength(5);
    const pacman = 'tsh-hello 1.0-1 -> 1.1-1\nerror: something\n\u001b[1mbold\u001b[0m\nfoo 1 -> \n';
    expect(parsePendingUpdates('pacman', pacman)).toEqual([{ name: 'tsh-hello', from: '1.0-1', to: '1.1-1' }]);
    const zypperCut = recording('zypper-pending.json').steps[1]!.stdout.slice(0, -60); // no </update-list>
    expect(parsePendingUpdates('zypper', zypperCut)).toEqual([]);
    for (const nope of ['nope', 'toString', '__proto__', 'constructor']) {
      expect(parsePendingUpdates(nope as PackageManager, 'Inst a [1] (2 x [amd64])')).toEqual([]);
      expect(checkFailure(nope as PackageManager, 0, '', '')).toBe(`unknown package manager: ${nope}`);
      expect(() => updateCommands(nope as PackageManager)).toThrow(`unknown package manager: ${nope}`);
      expect(isPackageManager(nope)).toBe(false);
    }
    expect(PACKAGE_MANAGERS.every(isPackageManager)).toBe(true);
    expect(checkFailure('nope' as PackageManager, 0, '', '')).toBe('unknown package manager: nope');
    expect(evaluateCheck('nope' as PackageManager, [])).toEqual({ ok: false, error: 'the update check did not finish', step: 0 });
  });

  it('reads pathological input without throwing', () => {
    for (const manager of PACKAGE_MANAGERS) {
      expect(Array.isArray(parsePendingUpdates(manager, `${'Inst a [1] ('.repeat(300)}\n`.repeat(300)))).toBe(true);
      expect(Array.isArray(parsePendingUpdates(manager, `${'x '.repeat(2000)}\n`.repeat(300)))).toBe(true);
      expect(() => checkFailure(manager, 1, `<message type="error">${'<'.repeat(100_000)}`, `${'E: '.repeat(1000)}\n`.repeat(300))).not.toThrow();
    }
  });
});

describe('compareVersions (only to pick the newest of two listed candidates)', () => {
  it('orders the usual shapes', () => {
    expect(compareVersions('1.37.0-r20', '1.37.0-r19')).toBe(1);
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('1.0', '1.0')).toBe(0);
    expect(compareVersions('1.0~rc1', '1.0')).toBe(-1);
    expect(compareVersions('1.0', '1.0.1')).toBe(-1);
    expect(compareVersions('2:1.0', '1:9.0')).toBe(1);
    expect(compareVersions('1.0a', '1.0')).toBe(1);
  });
});
