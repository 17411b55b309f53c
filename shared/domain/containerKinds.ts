// The kinds of container Toolshed lists (what made them: the toolbox CLI or
// Toolshed, distrobox, or plain podman), what each can be used for, and the
// sentence when it can't: one table, read by the engine (which refuses) and
// the renderer (which offers only what works).
import type { ContainerManager } from '../contract/containers.js';

/** What Toolshed does with a container. */
export type ContainerUse =
  /** shown without "Show all containers" */
  | 'listed'
  /** a terminal tab (how: `toolbox enter`'s exec, or `distrobox enter`) */
  | 'terminal'
  /** an upgrade tab, update checks, Upgrade all */
  | 'updates'
  /** edit setup, snapshots, clones, backups: commit and recreate */
  | 'recreate'
  /** host programs shimmed in, programs exported out (both need /run/host) */
  | 'hostPrograms'
  /** a menu entry that opens it */
  | 'launcher'
  /** its apps in the host's menu */
  | 'exportApps';

interface ContainerKind {
  /** As the list's badge says it. */
  label: string;
  /** Its init writes a stamp once it is set up (Toolbx's init-container): a start waits for it. */
  initStamp: boolean;
  /** Why it cannot be used so, for each use it cannot. */
  refuses: Partial<Record<ContainerUse, (name: string) => string>>;
}

const notAToolbox = (what: string) => (name: string) => `"${name}" is not a toolbox: ${what}.`;

export const CONTAINER_KINDS: Record<ContainerManager, ContainerKind> = {
  toolbox: { label: 'Toolbx', initStamp: true, refuses: {} },
  distrobox: {
    label: 'distrobox',
    initStamp: false,
    refuses: {
      recreate: (name) =>
        `${name} is a distrobox container: distrobox makes its containers its own way, which Toolshed does not reproduce (to copy it, use distrobox create --clone).`,
      exportApps: (name) => `"${name}" is a distrobox container: Toolshed exports apps from Toolbx containers (distrobox-export does it for distrobox).`,
    },
  },
  podman: {
    label: 'podman',
    initStamp: false,
    refuses: {
      listed: notAToolbox('it is listed with "Show all containers"'),
      terminal: notAToolbox('Toolshed opens terminals in Toolbx and distrobox containers'),
      updates: notAToolbox('updates are checked and upgraded for Toolbx and distrobox containers'),
      recreate: notAToolbox('setups, snapshots, clones and backups are for Toolbx containers'),
      hostPrograms: notAToolbox('host programs are for Toolbx and distrobox containers (they have the host at /run/host)'),
      launcher: notAToolbox('launchers are for Toolbx and distrobox containers'),
      exportApps: notAToolbox('apps are exported from Toolbx containers'),
    },
  },
};

/** Why `container` cannot be used so, or undefined when it can. */
export function refusal(container: { name: string; manager: ContainerManager }, use: ContainerUse): string | undefined {
  return CONTAINER_KINDS[container.manager].refuses[use]?.(container.name);
}

export const canUse = (container: { manager: ContainerManager }, use: ContainerUse): boolean => CONTAINER_KINDS[container.manager].refuses[use] === undefined;
