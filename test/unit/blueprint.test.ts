// Blueprints read as distrobox reads distrobox.ini (its documentation's own
// examples, test/recorded/blueprints/), with what Toolshed does not apply
// listed and every bad value refused with its line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blueprintCommand } from '../../electron/server/blueprintCommand.js';
import { fetchBlueprintText } from '../../electron/services/blueprints/fetchBlueprint.js';
import { readBlueprint, writeBlueprint, type BlueprintExport } from '../../shared/domain/blueprint.js';
import { parsePackageList, userAddedPackages } from '../../shared/domain/packageLists.js';
import { installCommand } from '../../shared/domain/packageUpdates.js';

const recorded = (name: string) => readFileSync(new URL(`../recorded/blueprints/${name}`, import.meta.url), 'utf8');

describe('a distrobox.ini from distrobox’s documentation', () => {
  it('reads its two toolboxes, with what is not applied listed, and refuses its folders under /run, which Toolbx keeps', () => {
    const { toolboxes, problems } = readBlueprint(recorded('distrobox-assemble-example.ini'));
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^24: volume: \/tmp\/test:\/run\/a: \/run\/a is under \/run, where no folder can be mounted/),
      expect.stringMatching(/^24: volume: \/tmp\/test:\/run\/b: /),
    ]);
    const [ubuntu, arch] = toolboxes;
    expect(ubuntu).toMatchObject({
      name: 'ubuntu',
      image: 'ubuntu:latest',
      packages: ['git', 'vim', 'tmux', 'nodejs'],
      pull: true,
      replace: true,
      startNow: false,
      notApplied: [],
    });
    expect(arch).toMatchObject({
      name: 'arch',
      image: 'archlinux:latest',
      initHooks: ['touch /init-normal'],
      preInitHooks: ['touch /pre-init'],
      startNow: true,
      volumes: [],
    });
    // "home" and "nvidia=true" ask for what Toolshed does not do; the false ones ask for nothing
    expect(arch!.notApplied.map((n) => [n.line, n.key])).toEqual([
      [14, 'home'],
      [19, 'nvidia'],
    ]);
  });

  it('adds up repeated keys in order, keeps each hook a command of its own, and says the bins path is not applied', () => {
    const { toolboxes, problems } = readBlueprint(recorded('distrobox-assemble-advanced.ini'));
    expect(problems).toEqual([]);
    const [tumbleweed] = toolboxes;
    expect(tumbleweed!.packages).toHaveLength(8 + 14 + 2 + 1 + 11 + 13 + 2);
    expect(tumbleweed!.packages.slice(0, 2)).toEqual(['acpi', 'bash-completion']);
    expect(tumbleweed!.initHooks).toHaveLength(12);
    expect(tumbleweed!.initHooks[0]).toBe(
      'GOPATH="${HOME}/.local/share/system-go" GOBIN=/usr/local/bin go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest;',
    );
    expect(tumbleweed).toMatchObject({ exportedApps: ['htop'], exportedBins: ['/usr/bin/htop', '/usr/bin/git'] });
    expect(tumbleweed!.notApplied).toEqual([{ line: 25, key: 'exported_bins_path', why: 'exported programs go to ~/.local/bin' }]);
  });
});

describe("Toolshed's own keys, includes and refusals", () => {
  it('reads variables, --ulimit host, host programs, a distro and release for the default image, and includes', () => {
    const { toolboxes, problems } = readBlueprint(
      [
        '[base]',
        'distro=fedora',
        'release=43',
        'env=EDITOR=vim',
        'host_programs="flatpak podman"',
        '',
        '[dev]',
        'include=base',
        'additional_packages="gcc make"',
        'env=GREETING=a=b c',
        'ulimit_host=true',
        'hostname=devbox',
        'volume=/srv/data:/data:ro',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    const dev = toolboxes.find((t) => t.name === 'dev')!;
    expect(dev).toMatchObject({
      image: 'registry.fedoraproject.org/fedora-toolbox:43',
      env: [
        { name: 'EDITOR', value: 'vim' },
        { name: 'GREETING', value: 'a=b c' },
      ],
      hostPrograms: ['flatpak', 'podman'],
      ulimitHost: true,
      hostname: 'devbox',
      volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }],
    });
  });

  it('refuses bad values with their line and why, and changes nothing else', () => {
    const { problems } = readBlueprint(
      [
        '[ok-box]',
        'image=quay.io/toolbx/ubuntu-toolbox:24.04',
        'volume=relative:/x /srv:/run/host',
        'env=1BAD=x',
        'pull=maybe',
        'host_programs=../podman',
        'exported_bins=htop',
        'include=nowhere',
        'what is this',
        '[bad name!]',
        'image=x',
        '[no-image]',
        '[loop-a]',
        'image=debian:12',
        'include=loop-b',
        '[loop-b]',
        'image=debian:12',
        'include=loop-a',
      ].join('\n'),
    );
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^3: volume: relative:\/x: a path is absolute/),
      expect.stringMatching(/^3: volume: \/srv:\/run\/host: .*under \/run/),
      expect.stringMatching(/^4: env: an environment variable name is letters/),
      '5: pull is true or false, not "maybe"',
      expect.stringMatching(/^6: host_programs: \.\.\/podman: a program name is/),
      '7: exported_bins: htop: an exported program is its absolute path inside the toolbox',
      '8: include names no section: [nowhere]',
      '9: not "key=value", a [section] or a # comment',
      expect.stringMatching(/^10: \[bad name!\]: /),
      '12: [no-image] says neither image nor distro: what should it be made from?',
      '15: include goes round in a circle: loop-b -> loop-a -> loop-b',
      '18: include goes round in a circle: loop-a -> loop-b -> loop-a',
    ]);
  });

  it('`toolshed blueprint check` prints the plan with every root command and what is not applied, and fails on problems', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsh-blueprint-'));
    const check = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await blueprintCommand(args, { out: (text) => (out += text), err: (text) => (err += text) });
      return { code, out, err };
    };
    try {
      const file = path.join(dir, 'distrobox.ini');
      writeFileSync(file, recorded('distrobox-assemble-example.ini').replaceAll(':/run/', ':/srv/'));
      const good = await check(['check', file]);
      expect(good.code).toBe(0);
      expect(good.out).toContain('[arch] from archlinux:latest (pulled first)');
      expect(good.out).toContain('  runs as root, after the packages: touch /init-normal');
      expect(good.out).toContain('  folder: /tmp/test at /srv/a');
      expect(good.out).toContain('  not applied (line 14): home: a Toolbx container shares your home with the host');
      expect(good.out).toContain('Hooks run once, when the toolbox is made (distrobox runs init_hooks at every start).');
      expect(good.out).toContain('2 toolboxes described.');
      writeFileSync(file, '[x]\nimage=debian:12\npull=maybe\n');
      const bad = await check(['check', file]);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain(`${file}:3: pull is true or false, not "maybe"`);
      expect(bad.out).toContain('1 problem: nothing would be made.');
      const usage = await check(['check']);
      expect(usage.code).toBe(2);
      expect(usage.err).toContain('Usage: toolshed blueprint check FILE');
      // apply without a terminal to ask in, and without --yes: nothing is made
      writeFileSync(file, '[x]\nimage=debian:12\n');
      const unasked = await check(['apply', file]);
      expect(unasked.code).toBe(1);
      expect(unasked.err).toContain('Nothing was made: no terminal to ask in; add --yes to make it.');
      const declined = await blueprintCommand(['apply', file], { out: () => undefined, err: () => undefined, ask: async () => false });
      expect(declined).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a blueprint at a URL', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await blueprintCommand(args, { out: (text) => (out += text), err: (text) => (err += text), ask: async () => true });
    return { code, out, err };
  };

  it('is fetched and read as a file is; --dry-run stops after the plan; a missing page, a big one and a dead server are clear errors', async () => {
    const server = http.createServer((request, response) => {
      if (request.url === '/dev.ini') return void response.end('[dev]\nimage=debian:12\ninit_hooks="touch /made"\n');
      if (request.url === '/big.ini') return void response.end('#'.repeat(300 * 1024));
      response.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await fetchBlueprintText(`${base}/dev.ini`)).toBe('[dev]\nimage=debian:12\ninit_hooks="touch /made"\n');
      // --dry-run: the plan, and nothing asked or made (the ask would say yes)
      const dry = await run(['apply', `${base}/dev.ini`, '--dry-run']);
      expect(dry).toMatchObject({ code: 0, err: '' });
      expect(dry.out).toContain('  runs as root, after the packages: touch /made');
      expect(await run(['check', `${base}/missing.ini`])).toMatchObject({
        code: 2,
        err: `toolshed blueprint: Could not fetch ${base}/missing.ini: the server answered 404 Not Found.\n`,
      });
      await expect(fetchBlueprintText(`${base}/big.ini`)).rejects.toThrow(`${base}/big.ini is larger than a blueprint can be (256 KiB): nothing was read.`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    // a port nothing listens on any more (another server's: no pooled connection to it)
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/dev.ini`;
    await new Promise((resolve) => dead.close(resolve));
    await expect(fetchBlueprintText(deadUrl)).rejects.toThrow(`Could not fetch ${deadUrl}: nothing answers there (connection refused).`);
    expect(await run(['check', '--dry-run'])).toMatchObject({ code: 2 });
    expect(await run(['export'])).toMatchObject({ code: 2, err: expect.stringContaining('toolshed blueprint export NAME') });
  });
});

describe('installing a blueprint’s packages', () => {
  it('runs each package manager without asking, the names as arguments (never in a shell string)', () => {
    const names = ['git', 'a b; rm -rf /'];
    expect(installCommand('apt', names)).toEqual({
      argv: ['sh', '-c', 'apt-get update && exec apt-get install -y --no-install-recommends -- "$@"', 'sh', ...names],
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
    expect(installCommand('dnf', names).argv).toEqual(['dnf', 'install', '-y', '--', ...names]);
    expect(installCommand('pacman', names).argv).toEqual(['pacman', '-Syu', '--noconfirm', '--needed', '--', ...names]);
    expect(installCommand('zypper', names).argv).toEqual(['zypper', '--non-interactive', 'install', '--', ...names]);
    expect(installCommand('apk', names).argv).toEqual(['apk', 'add', '--update-cache', '--', ...names]);
  });
});

describe('a toolbox said as a blueprint', () => {
  const toolbox: BlueprintExport = {
    name: 'dev',
    image: 'quay.io/toolbx/ubuntu-toolbox:24.04',
    packages: ['gcc', 'make', 'libc6-dev:i386'],
    volumes: [
      { hostPath: '/srv/data', containerPath: '/data', readOnly: true },
      { hostPath: '/srv/src', containerPath: '/srv/src', readOnly: false },
    ],
    env: [
      { name: 'EDITOR', value: 'vim' },
      { name: 'GREETING', value: 'hello # not a comment' },
      { name: 'QUOTED', value: '"both ends"' },
      { name: 'EMPTY', value: '' },
      { name: 'PADDED', value: ' a ' },
    ],
    hostname: 'devbox',
    ulimitHost: false,
    exportedApps: ['htop', 'org.gnome.Meld'],
    exportedBins: ['/usr/bin/htop'],
    hostPrograms: ['flatpak', 'podman'],
  };

  it('is read back as the same toolbox, values with spaces, "#" and quotes included', () => {
    const { text, omitted } = writeBlueprint([toolbox], ['made by a test']);
    expect(omitted).toEqual([]);
    expect(text.startsWith('# made by a test\n\n[dev]\n')).toBe(true);
    const reading = readBlueprint(text);
    expect(reading.problems).toEqual([]);
    const [read] = reading.toolboxes;
    const { name, image, packages, volumes, env, hostname, ulimitHost, exportedApps, exportedBins, hostPrograms } = read!;
    expect({ name, image, packages, volumes, env, hostname, ulimitHost, exportedApps, exportedBins, hostPrograms }).toEqual(toolbox);
    expect(read!.notApplied).toEqual([]);
  });

  it('leaves out, and says, what a list separated by spaces cannot carry; the rest is unchanged', () => {
    const { text, omitted } = writeBlueprint([{ ...toolbox, volumes: [{ hostPath: '/srv/my data', containerPath: '/data', readOnly: false }] }]);
    expect(omitted).toEqual(['dev: the folder "/srv/my data:/data" (a blueprint\'s lists are separated by spaces)']);
    expect(readBlueprint(text).toolboxes[0]!.volumes).toEqual([]);
    expect(readBlueprint(text).toolboxes[0]!.packages).toEqual(toolbox.packages);
  });

  it('lists the packages a user added: installed on purpose in the toolbox, not in its image', () => {
    expect(parsePackageList('vim\n\ngcc\nvim\n', 'dnf')).toEqual(['gcc', 'vim']);
    expect(parsePackageList('alpine-baselayout\nbusybox>=1.36\ngit=2.45.2-r0\n', 'apk')).toEqual(['alpine-baselayout', 'busybox', 'git']);
    expect(userAddedPackages(['bash', 'gcc', 'git', 'sudo'], ['bash', 'sudo'])).toEqual(['gcc', 'git']);
  });
});
