// Opening a toolbox in the user's own tools: the host's terminals (each
// running `toolbox enter NAME`, `distrobox enter`, or Toolshed's own enter
// where the host has no toolbox), VS Code attached as the user (what it
// writes shown first), and the file manager at the toolbox's files.
import { constants } from 'node:fs';
import { access, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Api, ContainerSummary } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import { hostAccount } from '../hostAccount.js';
import { prepareLaunch } from '../terminal/launch.js';
import { ensureReady } from '../toolbox/readiness.js';
import { findProgram, startForUser } from './findProgram.js';
import { TERMINAL_EMULATORS, terminalById, type TerminalEmulator } from './terminalEmulators.js';
import { editorById, installedEditors, planAttach } from './vscode.js';

type OpenWithCalls = 'describeOpenWith' | 'openInTerminal' | 'planEditor' | 'openInEditor' | 'openFiles';

export function openWithApi(ctx: ReadinessContext & Pick<EngineContext, 'settings' | 'hostFacts'>): Pick<Api, OpenWithCalls> {
  const found = (program: string) => findProgram(program, ctx.env);
  const account = () => hostAccount(ctx.env);

  /** The terminals found on PATH, each with its program's path. */
  async function installedTerminals(): Promise<{ terminal: TerminalEmulator; program: string }[]> {
    const programs = await Promise.all(TERMINAL_EMULATORS.map((terminal) => found(terminal.program)));
    return TERMINAL_EMULATORS.flatMap((terminal, index) => (programs[index] ? [{ terminal, program: programs[index] }] : []));
  }

  /** The terminal "Open in terminal" uses: the preferred one when it is installed, else the first found. */
  function chosenTerminal(installed: readonly { id: string }[]): string | undefined {
    const preferred = ctx.settings.get().preferredTerminal;
    return installed.find((t) => t.id === preferred)?.id ?? installed[0]?.id;
  }

  /** The command a terminal runs to be in the toolbox: as the user would type it. */
  async function enterCommand(container: ContainerSummary): Promise<string[]> {
    if (container.manager === 'toolbox') {
      const toolbox = (await ctx.hostFacts.gather(ctx.settings.get().toolboxBinary)).toolbox;
      if (toolbox) return [toolbox.path, 'enter', container.name];
    }
    // distrobox enter, or the `podman exec` Toolbx runs (Toolshed's own enter, where the host has no toolbox)
    const launch = await prepareLaunch(ctx, container.id, 'external');
    return launch.kind === 'local' ? [launch.command.file, ...launch.command.args] : ctx.podman.execCommandLine(launch.execArgs);
  }

  function plan(container: ContainerSummary, request: { editor: string; folder?: string | undefined; usePodman?: boolean | undefined }) {
    const { user, home, shell } = account();
    return planAttach(
      editorById(request.editor),
      container.name,
      { user, home, shell, folder: request.folder ?? home },
      { usePodman: request.usePodman === true, podman: 'podman', env: ctx.env },
    );
  }

  return {
    async describeOpenWith() {
      const [terminals, editors, fileManager] = await Promise.all([installedTerminals(), installedEditors(found, account().home), found('xdg-open')]);
      const tool = ({ id, name }: { id: string; name: string }) => ({ id, name });
      const terminal = chosenTerminal(terminals.map((t) => t.terminal));
      return {
        terminals: terminals.map((t) => tool(t.terminal)),
        ...(terminal ? { terminal } : {}),
        editors: editors.map(tool),
        fileManager: fileManager !== undefined,
      };
    },

    async openInTerminal({ container: ref, terminal: wanted }) {
      const container = await ctx.containers.resolveToolbox(ref, 'terminal');
      // one terminal asked for: only it is looked for; else the chosen one among those installed
      const installed = wanted === undefined ? await installedTerminals() : undefined;
      const id = wanted ?? chosenTerminal((installed ?? []).map((t) => t.terminal));
      const terminal = id === undefined ? undefined : terminalById(id);
      if (!terminal)
        throw new ToolshedError(
          'NOT_FOUND',
          'No terminal Toolshed knows is installed on this machine.',
          `Toolshed looks for ${TERMINAL_EMULATORS.map((t) => t.program).join(', ')}.`,
        );
      const program = installed ? installed.find((t) => t.terminal === terminal)?.program : await found(terminal.program);
      if (!program) throw new ToolshedError('NOT_FOUND', `${terminal.name} is not installed here (no ${terminal.program} on PATH).`);
      const launch = terminal.launch(account().home, await enterCommand(container));
      await startForUser(program, launch.args, { cwd: launch.cwd, env: ctx.env });
      const argv = [program, ...launch.args];
      ctx.log(`opened ${container.name} in ${terminal.name}: ${argv.join(' ')}`);
      return { terminal: terminal.name, argv };
    },

    async planEditor(request) {
      const { argv, changes, notes, digest } = await plan(await ctx.containers.resolveToolbox(request.container, 'terminal'), request);
      return { argv, changes, notes, digest };
    },

    async openInEditor(request) {
      const container = await ctx.containers.resolveToolbox(request.container, 'terminal');
      const shown = await plan(container, request);
      if (shown.digest !== request.digest) {
        throw new ToolshedError('CHANGED', 'A file Toolshed would change has changed since it was shown: nothing was written. Look at the changes again.');
      }
      const program = await found(shown.argv[0]!);
      if (!program) throw new ToolshedError('NOT_FOUND', `${shown.argv[0]} is not installed here.`);
      // Dev Containers attaches to a running container
      await ensureReady(ctx, container);
      for (const change of shown.changes) await writeUserFile(change.path, change.before === null, change.after);
      await startForUser(program, shown.argv.slice(1), { cwd: request.folder ?? account().home, env: ctx.env });
      ctx.log(`opened ${container.name} in ${shown.argv[0]}: ${shown.argv.join(' ')}`);
      return { argv: shown.argv, written: shown.changes.map((change) => change.path) };
    },

    async openFiles({ container: ref, where }) {
      const container = await ctx.containers.resolveToolbox(ref, 'terminal');
      const opener = await found('xdg-open');
      if (!opener) throw new ToolshedError('NOT_FOUND', 'There is no xdg-open on this machine to open a file manager with.');
      let folder = account().home;
      if (where === 'root') {
        // the container's root as its own processes see it: /proc/PID/root works for root and rootless
        // alike (podman mount is root-only, and rootless mounts live in podman unshare's namespace)
        await ensureReady(ctx, container);
        const pid = (await ctx.podman.inspect(container.id)).State.Pid;
        folder = `/proc/${pid}/root`;
        await access(folder, constants.R_OK | constants.X_OK).catch((error: NodeJS.ErrnoException) => {
          throw new ToolshedError('UNAVAILABLE', `${container.name}'s files cannot be read from the host (${error.code ?? error.message}).`);
        });
      }
      await startForUser(opener, [folder], { cwd: account().home, env: ctx.env });
      return { path: folder };
    },
  };
}

/**
 * Writes a file of the user's as it was shown: a new one only where none is (`wx`), an existing
 * one replaced whole (a temporary file beside it, renamed over it) keeping its mode.
 */
async function writeUserFile(file: string, isNew: boolean, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  if (isNew) return writeFile(file, text, { flag: 'wx' });
  const { mode } = await stat(file);
  const temporary = `${file}.toolshed-${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: mode & 0o777 });
  await rename(temporary, file);
}
