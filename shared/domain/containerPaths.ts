// Where an extra folder may not be mounted in a toolbox: over what Toolbx's
// init-container writes to or links to the host (/etc's resolv.conf,
// localtime, passwd…; /run, /tmp, /var/lib/flatpak, /var/log/journal), and
// over the system the toolbox runs (/usr, the package database in /var/lib). A
// host folder mounted over /etc had init rewrite the host's own files.

/** Folders whose whole tree is off limits, with why. */
const TREES: readonly (readonly [string, string])[] = [
  ['/etc', "Toolbx's set-up writes there (users, DNS, time zone), and would write into the host folder"],
  ['/usr', 'it holds the toolbox\u2019s programs'],
  ['/bin', 'it holds the toolbox\u2019s programs'],
  ['/sbin', 'it holds the toolbox\u2019s programs'],
  ['/lib', 'it holds the toolbox\u2019s libraries'],
  ['/lib32', 'it holds the toolbox\u2019s libraries'],
  ['/lib64', 'it holds the toolbox\u2019s libraries'],
  ['/libx32', 'it holds the toolbox\u2019s libraries'],
  ['/boot', 'it belongs to the system'],
  ['/proc', 'the kernel provides it'],
  ['/sys', 'the kernel provides it'],
  ['/dev', 'Toolbx shares the host\u2019s devices there already'],
  ['/run', 'Toolbx shares the host there (/run/host) and keeps its own state'],
  ['/tmp', 'Toolbx shares the host\u2019s /tmp there already'],
  ['/var/lib', 'it holds the package database, and Toolbx shares some of it with the host'],
  ['/var/log', 'Toolbx shares the host\u2019s journal there'],
  ['/var/mnt', 'Toolbx shares the host\u2019s /var/mnt there'],
];

/** Folders that may hold mounts but may not be one, with why. */
const EXACT: readonly (readonly [string, string])[] = [
  ['/', 'it is the whole toolbox'],
  ['/var', 'it holds the toolbox\u2019s own state'],
  ['/home', 'Toolbx shares the host\u2019s homes there already'],
  ['/media', 'Toolbx links it to the host\u2019s'],
  ['/mnt', 'Toolbx links it to the host\u2019s'],
];

/** Why `containerPath` (absolute, normalized) cannot take an extra folder, or null when it can. */
export function containerPathProblem(containerPath: string): string | null {
  const trimmed = containerPath.replace(/\/+$/, '') || '/';
  const path = trimmed.replace(/\/{2,}/g, '/');
  const exact = EXACT.find(([folder]) => folder === path);
  if (exact) return `${path} cannot take a folder: ${exact[1]}. Choose another path in the toolbox, e.g. /opt/data`;
  const tree = TREES.find(([folder]) => path === folder || path.startsWith(`${folder}/`));
  if (tree) return `${path} is under ${tree[0]}, where no folder can be mounted: ${tree[1]}. Choose another path in the toolbox, e.g. /opt/data`;
  return null;
}
