// VS Code attached to a toolbox, as the user: the Dev Containers extension
// attaches to a running container as root with root's HOME unless the
// container's "named configuration" says otherwise (code.visualstudio.com/docs/
// devcontainers/attach-container, "Attached container configuration
// reference"). Toolshed writes that file (the user, their HOME, the folder, a
// terminal that drops capabilities as `toolbox enter` does), only after showing
// the change, and opens the window with `code --folder-uri
// vscode-remote://attached-container+HEX/PATH`.
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';
import type { FileChange } from '../../../shared/contract.js';

export interface Editor {
  id: string;
  name: string;
  /** What is run: the program, then its arguments before the folder URI. */
  command: string[];
  /** Its user data folder (where globalStorage and settings.json are). */
  userDir: (home: string, env: NodeJS.ProcessEnv) => string;
  /** Said in the plan (what the user should know before saying yes). */
  note?: string;
}

const configHome = (home: string, env: NodeJS.ProcessEnv) => env.XDG_CONFIG_HOME || path.join(home, '.config');

export const EDITORS: readonly Editor[] = [
  { id: 'code', name: 'VS Code', command: ['code'], userDir: (home, env) => path.join(configHome(home, env), 'Code') },
  {
    id: 'code-flatpak',
    name: 'VS Code (Flatpak)',
    command: ['flatpak', 'run', 'com.visualstudio.code'],
    userDir: (home) => path.join(home, '.var/app/com.visualstudio.code/config/Code'),
    note: 'The Flatpak runs podman through a host wrapper (flatpak-spawn --host podman) that Dev Containers must be pointed at.',
  },
  {
    id: 'codium',
    name: 'VSCodium',
    command: ['codium'],
    userDir: (home, env) => path.join(configHome(home, env), 'VSCodium'),
    note: "Microsoft's Dev Containers extension is not published for VSCodium: this works with an extension that reads the same attached-container files.",
  },
];

/**
 * The folder URI of a running container for Dev Containers: the container named as podman and
 * Docker name it ("/NAME"), as JSON, in lowercase hex (the form microsoft/vscode-remote-release#6832
 * and distrobox's vscode-distrobox use, with Docker's leading slash as VS Code's own logs show it).
 */
export function attachedContainerUri(container: string, folder: string): string {
  const hex = Buffer.from(JSON.stringify({ containerName: `/${container}` }), 'utf8').toString('hex');
  return `vscode-remote://attached-container+${hex}${folder}`;
}

const STORAGE = 'User/globalStorage/ms-vscode-remote.remote-containers/nameConfigs';

/** Where an editor keeps the named configuration of `container`. */
export const nameConfigPath = (userDir: string, container: string) => path.join(userDir, STORAGE, `${container}.json`);

export interface AttachSetup {
  user: string;
  home: string;
  shell: string;
  folder: string;
}

/** What the named configuration holds for a toolbox: Toolshed's keys over whatever the user's file has. */
export function nameConfig(existing: Record<string, unknown>, setup: AttachSetup): Record<string, unknown> {
  const settings = typeof existing.settings === 'object' && existing.settings !== null ? (existing.settings as Record<string, unknown>) : {};
  return {
    ...existing,
    remoteUser: setup.user,
    remoteEnv: { ...(typeof existing.remoteEnv === 'object' && existing.remoteEnv !== null ? existing.remoteEnv : {}), HOME: setup.home },
    workspaceFolder: setup.folder,
    settings: {
      ...settings,
      // a terminal as `toolbox enter` gives it: podman exec grants capabilities a login shell should not have
      'terminal.integrated.profiles.linux': {
        ...(settings['terminal.integrated.profiles.linux'] as Record<string, unknown> | undefined),
        toolbox: { path: '/usr/sbin/capsh', args: ['--caps=', '--', '-c', 'exec "$@"', '/bin/sh', setup.shell, '-l'] },
      },
      'terminal.integrated.defaultProfile.linux': 'toolbox',
    },
  };
}

/** The setting that points Dev Containers at podman (code.visualstudio.com/remote/advancedcontainers/docker-options). */
export const DOCKER_PATH_SETTING = 'dev.containers.dockerPath';

const readText = (file: string) => readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));

/** A JSON object file's text and value; undefined value when the text is not plain JSON (settings.json may have comments). */
async function readJsonObject(file: string): Promise<{ text: string | null; value: Record<string, unknown> | undefined }> {
  const text = await readText(file);
  if (text === null) return { text, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    return { text, value: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined };
  } catch {
    return { text, value: undefined };
  }
}

export interface AttachPlan {
  uri: string;
  argv: string[];
  changes: FileChange[];
  /** What the user must do by hand (a file Toolshed will not rewrite), and what to know. */
  notes: string[];
  /** Of the changes as shown: a write goes ahead only while the files are still as shown. */
  digest: string;
}

/** What opening `container` in `editor` will write and run; nothing is written here. */
export async function planAttach(
  editor: Editor,
  container: string,
  setup: AttachSetup,
  options: { usePodman: boolean; podman: string; env: NodeJS.ProcessEnv },
): Promise<AttachPlan> {
  const userDir = editor.userDir(setup.home, options.env);
  const changes: FileChange[] = [];
  const notes: string[] = editor.note ? [editor.note] : [];
  const configFile = nameConfigPath(userDir, container);
  const config = await readJsonObject(configFile);
  if (config.value === undefined) {
    notes.push(`${configFile} is not plain JSON: Toolshed leaves it as it is, so VS Code may attach as root.`);
  } else {
    const after = `${JSON.stringify(nameConfig(config.value, setup), null, 2)}\n`;
    if (after !== config.text)
      changes.push({
        path: configFile,
        before: config.text,
        after,
        why: `VS Code attaches to ${container} as ${setup.user}, with your HOME, in ${setup.folder}.`,
      });
  }
  if (options.usePodman) {
    const settingsFile = path.join(userDir, 'User/settings.json');
    const settings = await readJsonObject(settingsFile);
    if (settings.value === undefined) {
      notes.push(`Add "${DOCKER_PATH_SETTING}": "${options.podman}" to ${settingsFile} yourself: it has comments Toolshed will not rewrite.`);
    } else if (settings.value[DOCKER_PATH_SETTING] !== options.podman) {
      const after = `${JSON.stringify({ ...settings.value, [DOCKER_PATH_SETTING]: options.podman }, null, 4)}\n`;
      changes.push({
        path: settingsFile,
        before: settings.text,
        after,
        why: `Dev Containers runs ${options.podman} instead of docker (a setting of yours, for every container).`,
      });
    }
  }
  const uri = attachedContainerUri(container, setup.folder);
  const digest = createHash('sha256').update(JSON.stringify(changes)).digest('hex');
  return { uri, argv: [...editor.command, '--folder-uri', uri], changes, notes, digest };
}

/** The editors whose program is on PATH (the Flatpak: when it is installed). */
export async function installedEditors(found: (program: string) => Promise<string | undefined>, home: string): Promise<Editor[]> {
  const flatpakInstalled = async () =>
    (await found('flatpak')) !== undefined &&
    (await Promise.any(
      ['/var/lib/flatpak/app/com.visualstudio.code', path.join(home, '.local/share/flatpak/app/com.visualstudio.code')].map((dir) => access(dir)),
    ).then(
      () => true,
      () => false,
    ));
  const present = await Promise.all(
    EDITORS.map(async (editor) => (editor.id === 'code-flatpak' ? flatpakInstalled() : (await found(editor.command[0]!)) !== undefined)),
  );
  return EDITORS.filter((_, index) => present[index]);
}

export function editorById(id: string): Editor {
  const editor = EDITORS.find((e) => e.id === id);
  if (!editor) throw new ToolshedError('INVALID_ARGUMENT', `No editor "${id}".`);
  return editor;
}
