// The command lines of the host's terminals (each from its own documentation,
// cited in terminalEmulators.ts), and VS Code's attached-container URI and
// configuration file (code.visualstudio.com/docs/devcontainers/attach-container).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TERMINAL_EMULATORS, terminalById } from '../../electron/services/openWith/terminalEmulators.js';
import { attachedContainerUri, editorById, nameConfig, nameConfigPath, planAttach } from '../../electron/services/openWith/vscode.js';

const DIR = '/home/ada';
const ENTER = ['/usr/bin/toolbox', 'enter', 'fedora-toolbox-43'];

describe('host terminals', () => {
  it.each([
    ['xdg-terminal-exec', ['--', ...ENTER]],
    ['ptyxis', ['--new-window', '-d', DIR, '--', ...ENTER]],
    ['kgx', [`--working-directory=${DIR}`, '--', ...ENTER]],
    ['gnome-terminal', ['--window', `--working-directory=${DIR}`, '--', ...ENTER]],
    ['konsole', ['--separate', '--workdir', DIR, '-e', ...ENTER]],
    ['kitty', [`--directory=${DIR}`, '--', ...ENTER]],
    ['alacritty', ['--working-directory', DIR, '-e', ...ENTER]],
    ['foot', [`--working-directory=${DIR}`, '--', ...ENTER]],
    ['wezterm', ['start', '--cwd', DIR, '--', ...ENTER]],
    ['ghostty', [`--working-directory=${DIR}`, '-e', ...ENTER]],
    ['xterm', ['-e', ...ENTER]],
  ])('%s runs the command as its documentation says, started in the folder', (id, args) => {
    const launch = terminalById(id)!.launch(DIR, ENTER);
    expect(launch).toEqual({ program: id, args, cwd: DIR });
  });

  it('keeps every argument whole (no shell string), and knows eleven terminals, xdg-terminal-exec first', () => {
    const tricky = ['/usr/bin/toolbox', 'enter', 'a b;$(rm -rf ~)'];
    for (const terminal of TERMINAL_EMULATORS) expect(terminal.launch(DIR, tricky).args.slice(-3)).toEqual(tricky);
    expect(TERMINAL_EMULATORS.map((t) => t.id)).toHaveLength(11);
    expect(TERMINAL_EMULATORS[0]!.id).toBe('xdg-terminal-exec');
  });
});

describe('VS Code attached to a toolbox', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tsh-vscode-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const setup = { user: 'ada', home: DIR, shell: '/bin/zsh', folder: `${DIR}/src` };
  const options = { usePodman: false, podman: 'podman', env: { XDG_CONFIG_HOME: work } };

  it("names the container as Dev Containers does: JSON of Docker's '/NAME', in lowercase hex, then the folder", () => {
    const uri = attachedContainerUri('dev', '/home/ada/src');
    const [, hex, folder] = /^vscode-remote:\/\/attached-container\+([0-9a-f]+)(\/.*)$/.exec(uri)!;
    expect(JSON.parse(Buffer.from(hex!, 'hex').toString('utf8'))).toEqual({ containerName: '/dev' });
    expect(folder).toBe('/home/ada/src');
    // the same encoding as the JSON form of microsoft/vscode-remote-release#6832 and distrobox's
    // extras/vscode-distrobox (printf '{"containerName":"%s"}' NAME | od -A n -t x1), with Docker's leading slash
    expect(hex).toBe(Buffer.from('{"containerName":"/dev"}').toString('hex'));
  });

  it("keeps the user's own keys, and sets the user, HOME, the folder and a terminal that enters as toolbox enter does", () => {
    const config = nameConfig({ extensions: ['ms-python.python'], remoteEnv: { EDITOR: 'vim' }, settings: { 'editor.fontSize': 13 } }, setup);
    expect(config).toEqual({
      extensions: ['ms-python.python'],
      remoteUser: 'ada',
      remoteEnv: { EDITOR: 'vim', HOME: DIR },
      workspaceFolder: `${DIR}/src`,
      settings: {
        'editor.fontSize': 13,
        'terminal.integrated.profiles.linux': { toolbox: { path: '/usr/sbin/capsh', args: ['--caps=', '--', '-c', 'exec "$@"', '/bin/sh', '/bin/zsh', '-l'] } },
        'terminal.integrated.defaultProfile.linux': 'toolbox',
      },
    });
  });

  it('plans a new file, then nothing once it is there; a file that is not plain JSON is left alone and said so', async () => {
    const code = editorById('code');
    const file = nameConfigPath(path.join(work, 'Code'), 'dev');
    const first = await planAttach(code, 'dev', setup, options);
    expect(first.changes).toEqual([expect.objectContaining({ path: file, before: null })]);
    expect(first.argv).toEqual(['code', '--folder-uri', attachedContainerUri('dev', `${DIR}/src`)]);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, first.changes[0]!.after);
    const again = await planAttach(code, 'dev', setup, options);
    expect(again.changes).toEqual([]);
    expect(again.digest).not.toBe(first.digest);
    writeFileSync(file, '{ // mine\n}');
    const commented = await planAttach(code, 'dev', setup, options);
    expect(commented.changes).toEqual([]);
    expect(commented.notes.join(' ')).toMatch(/is not plain JSON: Toolshed leaves it as it is/);
    expect(readFileSync(file, 'utf8')).toBe('{ // mine\n}');
  });
});
