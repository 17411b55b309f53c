// The terminal calls of the contract: the engine's registry of sessions
// ("t1", "t2", …), which outlive windows and are all ended with the engine.
import type { Api, TerminalInfo } from '../../../shared/contract.js';
import { toDisposable } from '../../../shared/disposable.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import { STARTING } from '../operations.js';
import { isAsideName } from '../toolbox/recreate.js';
import { prepareLaunch } from './launch.js';
import { endOrphanedSessions, newSessionMark } from './sessionMarks.js';
import { DEFAULT_TUNING, TerminalSession, spawnLocal } from './session.js';

type TerminalCalls =
  'openTerminal' | 'listTerminals' | 'attachTerminal' | 'writeTerminal' | 'resizeTerminal' | 'ackTerminal' | 'terminalBusy' | 'closeTerminal';
type TerminalContext = ReadinessContext & Pick<EngineContext, 'hostShell' | 'subscribe' | 'disposables' | 'operations'>;

export function terminalApi(ctx: TerminalContext): Pick<Api, TerminalCalls> {
  /**
   * Session id -> the session, the container it runs in (none for a host shell), and, for a tab that
   * ran when a setup edit or a restore began, the folder its shell was in: it opens there again in
   * the new container.
   */
  const tabs = new Map<string, { session: TerminalSession; container?: { id: string; name: string }; follow?: { folder: string | undefined } | undefined }>();
  let lastId = 0;

  // Toolbx containers share the host's PID namespace, so stopping one leaves the
  // shells of its tabs running (and podman refusing to clean up): end them,
  // as the stop meant to, and tell the tab why.
  ctx.disposables.add(
    ctx.subscribe((message) => {
      if (message.event !== 'containersChanged') return;
      for (const tab of tabs.values()) {
        const { session, container } = tab;
        if (!container) continue;
        const now = message.payload.containers.find((c) => c.id === container.id);
        // a rename: the tab follows its container by id (not to the name a setup edit parks it under)
        if (now && now.name !== container.name && !isAsideName(now.name)) {
          tab.container = { id: container.id, name: now.name };
          session.renameContainer(now.name);
        }
        if (!session.running || now?.state === 'running') continue;
        session.setEndReason(now ? `${now.name} stopped.` : `${container.name} was removed.`);
        void session.terminate();
      }
    }),
  );

  // Toolshed's stops end the toolbox's tabs first, as closing them would (a shell saves its history),
  // so that podman finds no live exec session: with one it leaves the container "stopped" and refuses
  // to clean up (podman 4.3, with `toolbox run`'s sessions, refused the stop itself)
  ctx.disposables.add(
    ctx.containers.onBeforeStop(async (containerIds) => {
      const ending = [...tabs.values()].flatMap(({ session, container }) =>
        container && containerIds.includes(container.id) && session.running ? [{ session, name: container.name }] : [],
      );
      await Promise.all(
        ending.map(({ session, name }) => {
          session.setEndReason(`${name} stopped.`);
          return session.terminate();
        }),
      );
    }),
  );

  // a toolbox made again (a setup edit, a restore): its tabs go to the new container; those that ran
  // when it began (its stop ends them; podman 5 ends their exec sessions itself) open again there, in
  // place and in the folder their shell was in, saying why
  ctx.disposables.add(
    ctx.subscribe((message) => {
      if (message.event === 'toolboxRecreating') {
        for (const tab of tabs.values()) {
          if (tab.container?.id === message.payload.id && tab.session.running && !tab.session.info().upgrade)
            tab.follow = { folder: tab.session.shellFolder() };
        }
        return;
      }
      if (message.event !== 'toolboxRecreated') return;
      const { oldId, container, what } = message.payload;
      for (const [id, tab] of tabs) {
        if (tab.container?.id !== oldId) continue;
        tab.container = { id: container.id, name: container.name };
        tab.session.moveToContainer(tab.container);
        const follow = tab.follow;
        tab.follow = undefined;
        if (!follow || container.state !== 'running') continue;
        const notice = `${container.name} was made again (${what}): this tab opened in it anew.`;
        // the old shell has ended, or is being ended by the stop (its session is then replaced)
        void tab.session.exited
          .then(() => open({ container: container.id, ...tabSize(tab.session), folder: follow.folder, notice }))
          .then(async (info) => {
            ctx.emit('terminalReplaced', { id, by: info.id });
            tabs.delete(id);
            await tab.session.close();
            ctx.emit('terminalClosed', { id });
          })
          .catch((error: unknown) => {
            tab.session.setEndReason(
              `${container.name} was made again (${what}); opening this tab in it failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
      }
    }),
  );

  ctx.disposables.add(
    toDisposable(() => {
      for (const { session } of tabs.values()) session.dispose();
      tabs.clear();
    }),
  );

  // the shells an engine that is gone left running in its containers end now
  void endOrphanedSessions(DEFAULT_TUNING.closeGraceMs).then(
    (count) => count && ctx.log(`ended ${count} processes of terminal tabs left by an engine that is gone`),
  );

  const get = (id: string): TerminalSession => {
    const tab = tabs.get(id);
    if (!tab) throw new ToolshedError('NOT_FOUND', `There is no terminal ${id} (it was closed).`);
    return tab.session;
  };

  /** Tells a tab whose process ended because its container stopped or went away. */
  async function explainEnd(session: TerminalSession, containerId: string, name: string): Promise<void> {
    if (session.info().endReason !== undefined) return;
    try {
      const state = (await ctx.podman.inspect(containerId)).State;
      if (!state.Running || state.Status !== 'running') session.setEndReason(`${name} stopped.`);
    } catch (error) {
      if (error instanceof ToolshedError && error.code === 'NOT_FOUND') session.setEndReason(`${name} was removed.`);
    }
  }

  const tabSize = (session: TerminalSession) => ({ cols: session.info().cols, rows: session.info().rows });

  /** A new session: `folder`, where its toolbox shell starts; `notice`, a line it shows first. */
  async function open({
    container,
    upgrade,
    cols,
    rows,
    folder,
    notice,
  }: {
    container?: string | undefined;
    upgrade?: boolean | undefined;
    cols: number;
    rows: number;
    folder?: string | undefined;
    notice?: string | undefined;
  }): Promise<TerminalInfo> {
    if (container === undefined && !ctx.hostShell) {
      throw new ToolshedError('INVALID_ARGUMENT', 'Host shells are turned off here (toolshed serve --no-host-shell); open a terminal in a toolbox instead.');
    }
    const id = `t${(lastId += 1)}`;
    const mark = newSessionMark(id);
    const launch = await prepareLaunch(ctx, container, mark, upgrade === true, folder);
    // an upgrade is an operation on its toolbox: no setup edit or restore while its tab runs
    const claim = upgrade && launch.container ? ctx.operations.claim(launch.container, 'the upgrade') : undefined;
    let session: TerminalSession;
    try {
      session = new TerminalSession({
        id,
        cols,
        rows,
        title: launch.title,
        ...(launch.container ? { container: { id: launch.container.id, name: launch.container.name } } : {}),
        mark,
        shellIsPtyProcess: launch.shellIsPtyProcess,
        ...(upgrade ? { upgrade: true } : {}),
        ...(notice ? { notice } : {}),
        spawn:
          launch.kind === 'local' ? spawnLocal(launch.command) : (size) => ctx.podman.execOnPty(launch.execArgs, { ...size, cwd: launch.cwd, env: launch.env }),
        onData: (data, offset) => ctx.emit('terminalData', { id, data, offset }),
        onChange: (info) => {
          // the upgrade is over once its process is (before anyone hears so: a check follows it)
          if (info.exitCode !== undefined) claim?.dispose();
          ctx.emit('terminalChanged', { info });
        },
        onExit: (code) => {
          ctx.log(`terminal ${id} ended with code ${code}`);
          const tab = tabs.get(id);
          if (tab?.container) void explainEnd(session, tab.container.id, tab.container.name);
        },
      });
    } catch (error) {
      claim?.dispose();
      throw new ToolshedError('INTERNAL', `Could not start the terminal: ${error instanceof Error ? error.message : String(error)}`);
    }
    tabs.set(id, { session, ...(launch.container ? { container: { id: launch.container.id, name: launch.container.name } } : {}) });
    const info = session.info();
    ctx.emit('terminalChanged', { info });
    return info;
  }

  return {
    openTerminal: async ({ container, upgrade, cols, rows }) => {
      if (container !== undefined) {
        // a tab asked for while its toolbox starts (Reopen, as soon as the list shows it running) opens once it is ready
        if (ctx.operations.busyWith(container)?.doing === STARTING) await ctx.operations.finished(container);
        // but a tab would start a toolbox that a setup edit or a restore has just stopped
        ctx.operations.checkFree(container);
      }
      return open({ container, upgrade, cols, rows });
    },

    async listTerminals(): Promise<TerminalInfo[]> {
      return [...tabs.values()].map((tab) => tab.session.info());
    },

    async attachTerminal({ id }) {
      const session = get(id);
      const attached = await session.screen();
      return { info: session.info(), ...attached };
    },

    async writeTerminal({ id, data }) {
      return { written: get(id).write(data) };
    },

    async resizeTerminal({ id, cols, rows }) {
      get(id).resize(cols, rows);
      return { cols, rows };
    },

    async ackTerminal({ id, chars }) {
      // a window may ack a tab that another window just closed: nothing to pace then
      const tab = tabs.get(id);
      return { paused: tab ? tab.session.ack(chars) : false };
    },

    async terminalBusy({ id }) {
      return { program: get(id).busyWith() };
    },

    async closeTerminal({ id }) {
      const tab = tabs.get(id);
      if (!tab) return { closed: false };
      tabs.delete(id);
      await tab.session.close();
      ctx.emit('terminalClosed', { id });
      return { closed: true };
    },
  };
}
