// Turns `podman ps --all --format json` into the summaries the UI shows:
// who manages each container (Toolbx, distrobox, plain podman) and which
// distro and release it runs.
import type { ContainerManager, ContainerState, ContainerSummary } from '../../../shared/contract.js';
import { distroOfImage } from '../../../shared/domain/distro.js';
import { DISTROBOX_LABEL, TOOLBOX_LABELS, TOOLSHED_VERSION_LABEL } from '../../../shared/domain/labels.js';
import type { PodmanPsEntry } from '../podman/types.js';

const KNOWN_STATES: readonly ContainerState[] = ['running', 'exited', 'created', 'paused', 'stopping', 'configured'];

export function managerOf(labels: Record<string, string>): ContainerManager {
  if (labels[DISTROBOX_LABEL.key] === DISTROBOX_LABEL.value) return 'distrobox';
  if (TOOLBOX_LABELS.some((key) => labels[key] === 'true')) return 'toolbox';
  return 'podman';
}

export function summarize(entry: PodmanPsEntry): ContainerSummary {
  const labels = entry.Labels ?? {};
  // "stopped": the process ended but podman has not cleaned up yet (e.g. exec sessions still open): not running
  const podmanState = entry.State === 'stopped' ? 'exited' : entry.State;
  const state = (KNOWN_STATES as readonly string[]).includes(podmanState) ? (podmanState as ContainerState) : 'unknown';
  const summary: ContainerSummary = {
    id: entry.Id,
    shortId: entry.Id.slice(0, 12),
    name: entry.Names[0] ?? entry.Id.slice(0, 12),
    state,
    status: entry.Status ?? entry.State,
    image: entry.Image,
    created: entry.Created,
    manager: managerOf(labels),
    ...distroOfImage([entry.Image], labels),
  };
  if (entry.StartedAt !== undefined && entry.StartedAt > 0) summary.startedAt = entry.StartedAt;
  if (entry.ExitedAt !== undefined && entry.ExitedAt > 0) summary.exitedAt = entry.ExitedAt;
  const toolshedVersion = labels[TOOLSHED_VERSION_LABEL];
  if (toolshedVersion) summary.toolshedVersion = toolshedVersion;
  return summary;
}

/** Every container but pod infra containers, toolboxes first, then by name. */
export function summarizeAll(entries: PodmanPsEntry[]): ContainerSummary[] {
  const rank: Record<ContainerManager, number> = { toolbox: 0, distrobox: 1, podman: 2 };
  return entries
    .filter((entry) => !entry.IsInfra)
    .map(summarize)
    .sort((a, b) => rank[a.manager] - rank[b.manager] || a.name.localeCompare(b.name));
}

/** The container a reference names: its name, its id, or an id prefix of at least 12 digits (as podman takes them). */
export function findByRef(list: readonly ContainerSummary[], ref: string): ContainerSummary | undefined {
  return list.find((c) => c.id === ref || c.name === ref || (ref.length >= 12 && c.id.startsWith(ref)));
}
