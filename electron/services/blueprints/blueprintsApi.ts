// Blueprints (shared/domain/blueprint.ts) in the engine: read one, fetch one
// from a URL, make what it describes, say a toolbox as one, and carry a
// toolbox to a new release. Making is all or nothing: each toolbox is created
// as Toolshed creates any toolbox (its folders, variables, hostname), then
// furnished (furnish.ts); a failure anywhere removes every toolbox this
// blueprint made and puts back those it replaced, and says what failed with
// the command's own output. Hooks run once, here: never again at a start.
// A toolbox that is replaced (replace=true) or moved steps aside under
// another name, after a snapshot of it, until its successor is ready.
import type { Api, ContainerSummary, SnapshotInfo } from '../../../shared/contract.js';
import { readBlueprint, writeBlueprint, type BlueprintToolbox } from '../../../shared/domain/blueprint.js';
import { formatStamp } from '../../../shared/domain/units.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { runReported, type Progress } from '../operations.js';
import { fetchBlueprintText } from './fetchBlueprint.js';
import { furnish } from './furnish.js';
import { describeToolbox } from './toolboxAsBlueprint.js';

type BlueprintContext = Pick<EngineContext, 'podman' | 'containers' | 'operations' | 'journal' | 'emit' | 'log'>;
type BlueprintCalls = 'readBlueprint' | 'fetchBlueprint' | 'applyBlueprint' | 'exportBlueprint' | 'moveToRelease';

/** A toolbox moved aside for its successor: where it is, how it was, the snapshot taken of it first, and the exports it gave up. */
interface Aside {
  old: ContainerSummary;
  asideAs: string;
  wasRunning: boolean;
  snapshot: SnapshotInfo;
  exports: Exports;
}

/** A toolbox's apps in the host's menu (.desktop files) and programs on the host's PATH. */
interface Exports {
  apps: string[];
  programs: string[];
}

/** What a blueprint or a move has changed so far, kept in the operation journal (recovery.ts undoes it after a crash). */
interface Journal {
  readonly madeSoFar: ContainerSummary[];
  readonly asidesSoFar: Aside[];
  made(container: ContainerSummary): void;
  /** A toolbox moving aside (again when what it gave up is known). */
  aside(aside: Aside): void;
  finish(): void;
}

function journalOf(ctx: Pick<EngineContext, 'journal'>, kind: 'blueprint' | 'move', name: string): Journal {
  const entry = ctx.journal.begin(kind, name, 'create');
  const madeSoFar: ContainerSummary[] = [];
  const asidesSoFar: Aside[] = [];
  const write = () =>
    entry.update({
      made: madeSoFar.map((c) => c.id),
      asides: asidesSoFar.map((a) => ({
        id: a.old.id,
        name: a.old.name,
        wasRunning: a.wasRunning,
        exports: [...a.exports.apps, ...a.exports.programs.map((p) => `~/.local/bin/${p}`)],
      })),
    });
  return {
    madeSoFar,
    asidesSoFar,
    made(container) {
      madeSoFar.push(container);
      write();
    },
    aside(aside) {
      if (!asidesSoFar.includes(aside)) asidesSoFar.push(aside);
      write();
    },
    finish: () => entry.finish(),
  };
}

/** The blueprint's problems as one refusal: nothing is made from a blueprint with problems. */
function refuseProblems(problems: { line: number; message: string }[]): void {
  if (problems.length === 0) return;
  throw new ToolshedError(
    'INVALID_ARGUMENT',
    `The blueprint has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: nothing was made.`,
    problems.map((p) => `line ${p.line}: ${p.message}`).join('\n'),
  );
}

export function blueprintsApi(ctx: BlueprintContext, api: () => Api): Pick<Api, BlueprintCalls> {
  const taken = async (name: string) => (await ctx.containers.refresh()).some((c) => c.name === name);

  /** The first free name of `base`, `base-2`, `base-3`…: where a replaced toolbox waits. */
  async function freeName(base: string): Promise<string> {
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}-${n}`;
      if (!(await taken(name))) return name;
    }
  }

  /**
   * Takes a toolbox's exports off the host: they are its successor's to make (one
   * ~/.local/bin/NAME per name), and would otherwise follow the old one to its new name.
   */
  async function giveUpExports(container: ContainerSummary): Promise<Exports> {
    const [apps, programs] = await Promise.all([
      api().listContainerApps({ container: container.name }),
      api().listExportedPrograms({ container: container.name }),
    ]);
    const exports = { apps: apps.filter((app) => app.exported).map((app) => app.desktopFile), programs: programs.map((p) => p.program) };
    for (const desktopFile of exports.apps) await api().unexportApp({ container: container.name, desktopFile });
    for (const program of exports.programs) await api().unexportProgram({ container: container.name, program });
    return exports;
  }

  /** Moves a toolbox out of its name (stopped), after a snapshot of it (`why`): its successor is made under it. A failure is the caller's to undo. */
  async function stepAside(
    old: ContainerSummary,
    asideAs: string,
    { why, operationId, wasRunning = old.state === 'running' }: { why: string; operationId: string; wasRunning?: boolean },
    progress: Progress,
    journal: Journal,
  ): Promise<Aside> {
    progress('commit', `Taking a snapshot of ${old.name} first…`);
    const snapshot = await api().takeSnapshot({ container: old.id, name: `${why}, ${formatStamp(new Date())}`, operationId });
    progress('stop', `${old.name} steps aside as ${asideAs} (stopped) until the new one is ready…`);
    const aside: Aside = { old, asideAs, wasRunning, snapshot, exports: { apps: [], programs: [] } };
    // journalled before anything moves: a failure from here on (undo) or a crash (recovery) puts it back
    journal.aside(aside);
    aside.exports = await giveUpExports(old);
    journal.aside(aside);
    await ctx.podman.stop(old.id);
    await ctx.podman.rename(old.id, asideAs);
    await ctx.containers.refresh();
    return aside;
  }

  /** Puts a toolbox that stepped aside back under its name, running if it ran, with its exports; the snapshot taken for the step goes. */
  async function putBack({ old, wasRunning, snapshot, exports }: Aside): Promise<void> {
    try {
      if ((await ctx.podman.inspect(old.id)).Name !== old.name) await ctx.podman.rename(old.id, old.name);
      await ctx.containers.refresh();
      const needsRunning = wasRunning || exports.apps.length + exports.programs.length > 0;
      if (needsRunning) await api().startContainer({ container: old.id });
      for (const desktopFile of exports.apps) await api().exportApp({ container: old.name, desktopFile });
      for (const program of exports.programs) await api().exportProgram({ container: old.id, program });
      if (needsRunning && !wasRunning) await api().stopContainer({ container: old.id });
      await api().deleteSnapshot({ snapshot: snapshot.id });
    } catch (error) {
      ctx.log(`${old.name} could not be put back as it was: ${String(error)}`);
    }
  }

  async function removeMade(container: ContainerSummary): Promise<void> {
    await api()
      .removeContainer({ id: container.id, name: container.name, force: true })
      .catch((error: unknown) => ctx.log(`could not remove ${container.name} after a failure: ${String(error)}`));
  }

  /** Undoes what a journal says was changed: the toolboxes made go (newest first), those moved aside come back. */
  async function undo(journal: Journal): Promise<void> {
    for (const container of [...journal.madeSoFar].reverse()) await removeMade(container);
    for (const aside of [...journal.asidesSoFar].reverse()) await putBack(aside);
    journal.finish();
  }

  /** Makes one toolbox and furnishes it; the journal has it as soon as it exists (a failure after that is the caller's to undo). */
  async function make(
    toolbox: BlueprintToolbox,
    journal: Journal,
    operationId: string,
    progress: Progress,
    options: { onlyAvailable?: boolean } = {},
  ): Promise<{ container: ContainerSummary; missing: string[] }> {
    // made as any toolbox is (its own operation: the caller's id and "-N")
    const container = await api().createToolbox({
      name: toolbox.name,
      image: toolbox.image!,
      options: { volumes: toolbox.volumes, env: toolbox.env, ...(toolbox.ulimitHost !== undefined ? { ulimitHost: toolbox.ulimitHost } : {}) },
      ...(toolbox.hostname ? { hostname: toolbox.hostname } : {}),
      pull: toolbox.pull,
      operationId,
    });
    journal.made(container);
    const { missing } = await furnish(ctx, api, toolbox, container, progress, options);
    if (!toolbox.startNow) await api().stopContainer({ container: container.id });
    return { container, missing };
  }

  /** The toolbox `ref` names, running (its packages are read with exec), whether it ran, and how to stop it again if it was started here. */
  async function running(ref: string): Promise<{ container: ContainerSummary; wasRunning: boolean; restore: () => Promise<void> }> {
    const container = await ctx.containers.resolveToolbox(ref, 'recreate');
    if (container.state === 'running') return { container, wasRunning: true, restore: async () => undefined };
    const started = await api().startContainer({ container: container.id });
    return {
      container: started,
      wasRunning: false,
      restore: async () =>
        void (await api()
          .stopContainer({ container: started.id })
          .catch(() => undefined)),
    };
  }

  /** The id of an operation started by another (its steps follow the parent's: the window follows "ID-…" too). */
  const withSuffix = (operationId: string, suffix: string) => `${operationId}-${suffix}`;

  return {
    async readBlueprint({ text }) {
      return readBlueprint(text);
    },

    async fetchBlueprint({ url }) {
      return { text: await fetchBlueprintText(url) };
    },

    applyBlueprint: ({ text, operationId }) =>
      runReported(ctx, operationId, async (signal, progress) => {
        const { toolboxes, problems } = readBlueprint(text);
        refuseProblems(problems);
        const journal = journalOf(ctx, 'blueprint', toolboxes.map((t) => t.name).join(', '));
        const { madeSoFar: made, asidesSoFar: asides } = journal;
        try {
          for (const [index, toolbox] of toolboxes.entries()) {
            if (signal.aborted) throw new ToolshedError('CANCELLED', 'Making the blueprint was cancelled.');
            const existing = toolbox.replace ? (await ctx.containers.refresh()).find((c) => c.name === toolbox.name) : undefined;
            if (existing) {
              const old = await ctx.containers.resolveToolbox(existing.id, 'recreate');
              const why = { why: 'Before a blueprint replaced it', operationId: withSuffix(operationId, `snapshot-${index + 1}`) };
              await stepAside(old, await freeName(`${old.name}-replaced`), why, progress, journal);
            }
            progress('create', `Making ${toolbox.name} (${index + 1} of ${toolboxes.length}) from ${toolbox.image}…`);
            await make(toolbox, journal, withSuffix(operationId, String(index + 1)), progress);
          }
        } catch (error) {
          await undo(journal);
          const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', String(error));
          const undone = [
            made.length ? `Removed again: ${made.map((c) => c.name).join(', ')}.` : '',
            asides.length ? `Put back as they were: ${asides.map((a) => a.old.name).join(', ')}.` : '',
          ].filter(Boolean);
          throw new ToolshedError(failure.code, failure.message, [failure.detail, ...undone].filter(Boolean).join('\n\n'));
        }
        journal.finish();
        // the replaced toolboxes go once their successors are ready (their snapshots stay, listed under the name)
        for (const aside of asides)
          await api()
            .removeContainer({ id: aside.old.id, name: aside.asideAs, force: true })
            .catch((error: unknown) => ctx.log(`could not remove ${aside.asideAs}, replaced by a blueprint: ${String(error)}`));
        progress('done', `Made ${made.map((c) => c.name).join(', ')}.`);
        // as they are now (stopped again unless start_now)
        const now = await api().listContainers({ all: true });
        return { made: made.map((c) => now.find((listed) => listed.id === c.id) ?? c), replaced: asides.map((a) => a.old.name) };
      }),

    async exportBlueprint({ container: ref }) {
      ctx.operations.checkFree(ref);
      const { container, restore } = await running(ref);
      try {
        const described = await describeToolbox(ctx, api, container);
        const header = [
          `${container.name}, as Toolshed exported it on ${formatStamp(new Date())}: its image, its setup, the packages its user installed, its exports.`,
          'Make it again with: toolshed blueprint apply FILE (or "From a blueprint…" in Toolshed).',
        ];
        const { text, omitted } = writeBlueprint([described.blueprint], header);
        return {
          text,
          packages: described.blueprint.packages,
          ...(described.manager ? { manager: described.manager } : {}),
          notes: [...described.notes, ...omitted.map((what) => `Not in it: ${what}.`)],
        };
      } finally {
        await restore();
      }
    },

    moveToRelease: ({ container: ref, image, keepOldAs, operationId }) =>
      runReported(ctx, operationId, async (_signal, progress) => {
        ctx.operations.checkFree(ref);
        if (await taken(keepOldAs)) throw new ToolshedError('NAME_TAKEN', `The name "${keepOldAs}" is already taken; choose another one for the old toolbox.`);
        // the new image first, before anything changes (offline, a pull fails here)
        if (!(await ctx.podman.imageExists(image))) {
          progress('pull', `Pulling ${image}…`);
          await api().pullImage({ reference: image, operationId: withSuffix(operationId, 'pull') });
        }
        progress('packages', 'Reading what the toolbox has: its setup, the packages you installed, its exports…');
        const { container: old, wasRunning, restore } = await running(ref);
        const journal = journalOf(ctx, 'move', old.name);
        try {
          const described = await describeToolbox(ctx, api, old);
          const why = { why: `Before the move to ${image}`, operationId: withSuffix(operationId, 'snapshot'), wasRunning };
          const aside = await stepAside(old, keepOldAs, why, progress, journal);
          const successor: BlueprintToolbox = {
            ...described.blueprint,
            image,
            preInitHooks: [],
            initHooks: [],
            pull: false, // pulled above
            replace: false,
            startNow: aside.wasRunning,
            notApplied: [],
          };
          progress('create', `Making ${old.name} from ${image}…`);
          const { container, missing } = await make(successor, journal, withSuffix(operationId, 'new'), progress, { onlyAvailable: true });
          journal.finish();
          const gone = missing.length ? ` Not in the new release: ${missing.join(', ')}.` : '';
          progress('done', `${old.name} is made from ${image}; the old one is kept as ${keepOldAs}.${gone}`);
          const now = await ctx.containers.refresh();
          return {
            container: now.find((c) => c.id === container.id) ?? container,
            old: now.find((c) => c.id === old.id) ?? old,
            missing,
            snapshot: aside.snapshot.name,
          };
        } catch (error) {
          if (journal.asidesSoFar.length === 0) await restore(); // it stayed where it was: stopped again if it was started to be read
          await undo(journal);
          throw error;
        }
      }),
  };
}
