// Desktop integration behind the contract: a menu entry per toolbox on request,
// apps exported from a toolbox to the host's menu, and both kept in step with
// the container list (a removed toolbox takes its entries and icons along, a
// renamed one keeps them under its new name, a new one gets a launcher when
// the launcherByDefault setting asks for it). Only files carrying Toolshed's
// X-Toolshed-* keys are ever replaced or deleted.
import path from 'node:path';
import type { Api, ContainerSummary, LauncherInfo } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import { canUse, type ContainerUse } from '../../../shared/domain/containerKinds.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import { APP_FOLDERS, exportedEntry, retargetExportedEntry } from './appExport.js';
import { ensureReady } from '../toolbox/readiness.js';
import { fetchIcon, readContainerApps } from './containerFiles.js';
import { refreshDesktopDatabase } from './desktopDatabase.js';
import { launcherIconSvg } from './distroIcon.js';
import { iconExtension } from './iconFormat.js';
import { launchCommand, launcherEntry, startsOtherLaunch } from './launcherEntry.js';
import { candidateNames, readRegularFile, removeOwnedFile, scanOwnedEntries, writeOwnedFile, type OwnedEntry } from './ownedFiles.js';
import { baseFileName, isToolshedIconPath, mayReplace, ownershipOf, sameIdentity, type Identity, type Ownership } from './ownership.js';
import { installRunner } from './runnerScript.js';
import { desktopPaths, iconFolder } from './desktopPaths.js';

type DesktopCalls = 'setLauncher' | 'listLaunchers' | 'listContainerApps' | 'exportApp' | 'unexportApp';

type DesktopContext = ReadinessContext & Pick<EngineContext, 'launchCommand' | 'subscribe' | 'disposables'>;

export function desktopApi(ctx: DesktopContext): Pick<Api, DesktopCalls> {
  const paths = desktopPaths(ctx.env);

  // One change to the files at a time (calls and container-list follow-ups alike).
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };

  const refreshDatabase = () => refreshDesktopDatabase(paths.applications, ctx.log);

  // by its exact name: entries are named for the toolbox, never for an id
  /** Entries name their toolbox by name: the container of that name, refused when its kind cannot be used so. */
  const byName = (list: ContainerSummary[], name: string) => list.find((c) => c.name === name);
  const findContainer = (name: string, use: ContainerUse) => ctx.containers.resolveToolbox(name, use, byName);

  /** The name an entry or icon already has, when it is in `dir`: rewriting keeps it there. */
  const nameIn = (dir: string, file: string | undefined) => (file && path.dirname(file) === dir ? path.basename(file) : undefined);

  /** Removes an icon Toolshed wrote, unless another of its entries still shows it. */
  async function removeIconIfUnused(icon: string | undefined, remaining: readonly OwnedEntry[]): Promise<void> {
    if (!icon || !isToolshedIconPath(paths.icons, icon) || remaining.some((e) => e.ownership.icon === icon)) return;
    await removeOwnedFile(icon, () => true);
  }

  /** Writes an entry (and first its icon) for `identity`, over its previous files only. */
  async function writeEntry(
    identity: Identity,
    icon: { dir: string; ext: string; bytes: string | Buffer } | null,
    render: (iconPath: string | undefined) => string,
  ): Promise<string> {
    const owned = await scanOwnedEntries(paths.applications);
    const previous = owned.find((e) => sameIdentity(e.ownership, identity));
    const ownIcons = new Set(owned.filter((e) => sameIdentity(e.ownership, identity)).map((e) => e.ownership.icon));
    const base = baseFileName(identity);
    const iconPath = icon
      ? await writeOwnedFile(icon.dir, candidateNames(base, icon.ext, nameIn(icon.dir, previous?.ownership.icon)), icon.bytes, {
          mayReplace: (file) => ownIcons.has(file) && isToolshedIconPath(paths.icons, file),
        })
      : undefined;
    const file = await writeOwnedFile(paths.applications, candidateNames(base, '.desktop', nameIn(paths.applications, previous?.file)), render(iconPath), {
      mayReplace: (_file, existing) => mayReplace(existing.toString('utf8'), identity),
    });
    if (previous?.ownership.icon !== iconPath) await removeIconIfUnused(previous?.ownership.icon, await scanOwnedEntries(paths.applications));
    return file;
  }

  async function writeLauncher(container: ContainerSummary): Promise<string> {
    const identity: Identity = { kind: 'launcher', container: container.name };
    const logo = await launcherIconSvg(ctx.env, container.distro);
    return writeEntry(identity, { dir: iconFolder(paths.icons, { kind: 'svg' }), ext: '.svg', bytes: logo }, (icon) =>
      launcherEntry({
        container: container.name,
        containerId: container.id,
        ...(container.distro ? { distro: container.distro } : {}),
        ...(container.release ? { release: container.release } : {}),
        launch: launchCommand(ctx.launchCommand),
        icon: icon!,
      }),
    );
  }

  /** Deletes Toolshed's entries that `match`, and their icons; returns the files removed. */
  async function removeEntries(match: (owner: Ownership) => boolean): Promise<string[]> {
    const owned = await scanOwnedEntries(paths.applications);
    const doomed = owned.filter((e) => match(e.ownership));
    const kept = owned.filter((e) => !match(e.ownership));
    const removed: string[] = [];
    for (const entry of doomed) {
      const gone = await removeOwnedFile(entry.file, (bytes) => {
        const now = ownershipOf(bytes.toString('utf8'));
        return now !== null && sameIdentity(now, entry.ownership);
      });
      if (gone) removed.push(entry.file);
      await removeIconIfUnused(entry.ownership.icon, kept);
    }
    if (removed.length) await refreshDatabase();
    return removed;
  }

  /** A toolbox renamed under Toolshed's entries (same container id, new name): its entries follow it. */
  async function followRename(entries: OwnedEntry[], renamed: ContainerSummary): Promise<void> {
    const from = entries[0]!.ownership.container;
    for (const entry of entries) {
      if (entry.ownership.kind === 'launcher') {
        await writeLauncher(renamed);
        continue;
      }
      const bytes = await readRegularFile(entry.file);
      const text = bytes && bytes !== 'other' ? retargetExportedEntry(bytes.toString('utf8'), from, renamed.name) : null;
      if (!text) continue;
      const identity: Identity = { kind: 'app', container: renamed.name, source: entry.ownership.source! };
      await writeOwnedFile(paths.applications, candidateNames(baseFileName(identity), '.desktop'), text, {
        mayReplace: (_file, existing) => mayReplace(existing.toString('utf8'), identity),
      });
    }
    // then the old entries; an app's icon stays, as its new entry names it
    for (const entry of entries) {
      await removeOwnedFile(entry.file, (bytes) => ownershipOf(bytes.toString('utf8'))?.container === from);
      await removeIconIfUnused(entry.ownership.icon, await scanOwnedEntries(paths.applications));
    }
    await refreshDatabase();
  }

  /** Entries whose toolbox is gone are removed (or follow it when it was renamed). */
  async function sweep(list: readonly ContainerSummary[]): Promise<void> {
    const names = new Set(list.map((c) => c.name));
    const owned = await scanOwnedEntries(paths.applications);
    const orphans = new Map<string, OwnedEntry[]>();
    for (const entry of owned) {
      if (names.has(entry.ownership.container)) continue;
      orphans.set(entry.ownership.container, [...(orphans.get(entry.ownership.container) ?? []), entry]);
    }
    for (const [container, entries] of orphans) {
      // the list may predate the container: ask podman about this one name
      if (await ctx.podman.exists(container)) continue;
      const ids = new Set(entries.map((e) => e.ownership.containerId).filter(Boolean));
      const renamed = list.find((c) => ids.has(c.id));
      if (renamed) {
        ctx.log(`desktop entries of ${container} follow its new name ${renamed.name}`);
        await followRename(entries, renamed);
      } else {
        ctx.log(`removing the desktop entries of ${container}, which is gone`);
        await removeEntries((owner) => owner.container === container);
      }
    }
  }

  // Follow the container list the engine already keeps (podman events): the
  // first list is the baseline; containers that appear later are new. Most
  // changes are only states: the entries are read again when a name comes or goes.
  let known: Set<string> | undefined;
  async function followContainers(list: ContainerSummary[]): Promise<void> {
    const before = known;
    const now = new Set(list.map((c) => c.name));
    known = now;
    const added = before ? list.filter((c) => !before.has(c.name)) : [];
    const gone = !before || [...before].some((name) => !now.has(name));
    const newToolboxes = added.filter((c) => canUse(c, 'launcher'));
    if (newToolboxes.length && ctx.settings.get().launcherByDefault) {
      const owned = await scanOwnedEntries(paths.applications);
      for (const container of newToolboxes) {
        if (owned.some((e) => e.ownership.containerId === container.id)) continue; // a rename: sweep() moves its entries
        await writeLauncher(container).catch((error: unknown) => ctx.log(`launcher for ${container.name}: ${String(error)}`));
        await refreshDatabase();
      }
    }
    if (!before) await followLaunchCommand(list);
    if (gone) await sweep(list);
  }

  /** Menu entries written by a Toolshed started another way (an AppImage since renamed by an update) are written again, once per start. */
  async function followLaunchCommand(list: readonly ContainerSummary[]): Promise<void> {
    const launch = launchCommand(ctx.launchCommand);
    let rewritten = 0;
    for (const entry of await scanOwnedEntries(paths.applications)) {
      const container = entry.ownership.kind === 'launcher' ? list.find((c) => c.name === entry.ownership.container) : undefined;
      const text = container ? await readRegularFile(entry.file) : null;
      if (!container || !text || text === 'other' || !startsOtherLaunch(text.toString('utf8'), launch)) continue;
      await writeLauncher(container).catch((error: unknown) => ctx.log(`launcher for ${container.name}: ${String(error)}`));
      rewritten += 1;
    }
    if (rewritten) {
      ctx.log(`menu entries of ${rewritten} toolbox(es) now start ${launch.join(' ')}`);
      await refreshDatabase();
    }
  }
  ctx.disposables.add(
    ctx.subscribe((message) => {
      if (message.event !== 'containersChanged') return;
      const list = message.payload.containers;
      serially(() => followContainers(list)).catch((error: unknown) => ctx.log(`desktop entries did not follow the container list: ${String(error)}`));
    }),
  );

  return {
    async setLauncher({ container, enabled }) {
      if (!enabled) {
        await serially(() => removeEntries((owner) => owner.kind === 'launcher' && owner.container === container));
        return { file: null };
      }
      const target = await findContainer(container, 'launcher');
      const file = await serially(async () => {
        const written = await writeLauncher(target);
        await refreshDatabase();
        return written;
      });
      return { file };
    },

    async listLaunchers(): Promise<LauncherInfo[]> {
      // reads only: entries of toolboxes that are gone are swept when the container list says so
      // (from the engine's first list on), and those not swept yet are left out here
      const names = new Set((await ctx.containers.list()).map((c) => c.name));
      return serially(async () =>
        (await scanOwnedEntries(paths.applications))
          .filter((e) => e.ownership.kind === 'launcher' && names.has(e.ownership.container))
          .map((e) => ({ container: e.ownership.container, file: e.file })),
      );
    },

    async listContainerApps({ container }) {
      const target = await findContainer(container, 'exportApps');
      await ensureReady(ctx, target, { startMessage: `Starting ${target.name} to read its apps…` });
      const apps = await readContainerApps(ctx, target.id);
      const exported = new Set(
        (await scanOwnedEntries(paths.applications))
          .filter((e) => e.ownership.kind === 'app' && e.ownership.container === target.name)
          .map((e) => e.ownership.source),
      );
      return apps.map(({ app }) => ({ ...app, exported: exported.has(app.desktopFile) }));
    },

    async exportApp({ container, desktopFile }) {
      const target = await findContainer(container, 'exportApps');
      await ensureReady(ctx, target, { startMessage: `Starting ${target.name} to read its apps…` });
      const found = (await readContainerApps(ctx, target.id)).find((a) => a.app.desktopFile === desktopFile);
      if (!found) throw new ToolshedError('NOT_FOUND', `"${container}" has no application entry ${desktopFile} in ${APP_FOLDERS.join(' or ')}.`);
      const icon = await fetchIcon(ctx, target.id, found.app.icon);
      const identity: Identity = { kind: 'app', container: target.name, source: desktopFile };
      const file = await serially(async () => {
        await installRunner(paths.runner);
        const written = await writeEntry(
          identity,
          icon && { dir: iconFolder(paths.icons, icon.format), ext: `.${iconExtension(icon.format)}`, bytes: icon.bytes },
          (iconPath) =>
            exportedEntry({
              container: target.name,
              containerId: target.id,
              source: desktopFile,
              text: found.text,
              runner: paths.runner,
              ...(iconPath ? { icon: iconPath } : {}),
            }),
        );
        await refreshDatabase();
        return written;
      });
      return { file };
    },

    async unexportApp({ container, desktopFile }) {
      const removed = await serially(() => removeEntries((owner) => owner.kind === 'app' && owner.container === container && owner.source === desktopFile));
      return { removed: removed.length > 0 };
    },
  };
}
