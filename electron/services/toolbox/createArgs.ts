// The `podman create` arguments of a Toolbx container (what src/cmd/create.go
// in containers/toolbox passes), as a pure function of the host's facts, the request and the settings, so
// every argument can be checked by a unit test. The entry point is the host's
// toolbox binary when there is one, else Toolshed's own init script; either is
// mounted at /usr/bin/toolbox so Config.Cmd[0] is "toolbox", which the CLI requires.
import { TOOLBOX_LABELS, TOOLSHED_OPERATION_LABEL, TOOLSHED_OPTIONS_LABEL, TOOLSHED_VERSION_LABEL } from '../../../shared/domain/labels.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { RecordedOptions } from './createOptions.js';
import { versionLessThan, type HostFacts } from './hostFacts.js';

export type EntryPoint =
  | { kind: 'toolbox'; binary: string; monitorHost: boolean }
  | { kind: 'toolshed-init'; script: string };

export interface CreateArgsRequest {
  name: string;
  image: string;
  options: RecordedOptions;
  toolshedVersion: string;
  /** The journal entry of the create (journal.ts), labelled so a crash's leftovers can be found. */
  operation?: string;
}

export interface CreateArgsSettings {
  hostname: string;
}

/** Toolbx dropped --monitor-host (it always monitors) in 0.0.99.5; older ones need it. */
export const MONITOR_HOST_DROPPED_IN = '0.0.99.5';

/** The host's toolbox when there is one, else Toolshed's init script (made lazily: it may be missing). */
export function chooseEntryPoint(facts: HostFacts, initScript: () => string): EntryPoint {
  if (!facts.toolbox) return { kind: 'toolshed-init', script: initScript() };
  const { path, version } = facts.toolbox;
  // an unknown version gets the flag: newer Toolbx still accepts it (deprecated)
  return { kind: 'toolbox', binary: path, monitorHost: !version || versionLessThan(version, MONITOR_HOST_DROPPED_IN) };
}

/** podman's own major version ("4.3.1" -> 4). */
function podmanMajor(version: string): number {
  return Number.parseInt(version, 10) || 0;
}

/** Nothing that podman could read as an option may sit where a value or the image goes. */
function value(text: string): string {
  if (text.startsWith('-')) throw new ToolshedError('INVALID_ARGUMENT', `"${text.slice(0, 80)}" may not start with "-".`);
  return text;
}

/** The arguments after `podman create`. */
export function podmanCreateArgs(facts: HostFacts, request: CreateArgsRequest, settings: CreateArgsSettings, entryPoint: EntryPoint): string[] {
  const { options } = request;
  const args: string[] = [];
  // the host's cgroup namespace, as newer Toolbx does (podman 4 and later)
  if (podmanMajor(facts.podmanVersion) >= 4) args.push('--cgroupns', 'host');
  args.push('--dns', 'none', '--no-hosts');
  if (entryPoint.kind === 'toolbox') args.push('--env', `TOOLBOX_PATH=${entryPoint.binary}`);
  if (facts.rootless && facts.xdgRuntimeDir) args.push('--env', `XDG_RUNTIME_DIR=${facts.xdgRuntimeDir}`);
  for (const variable of options.env) args.push('--env', value(`${variable.name}=${variable.value}`));
  args.push(
    '--hostname', value(settings.hostname),
    '--ipc', 'host',
    '--network', 'host',
    '--pid', 'host',
    '--privileged',
    '--security-opt', 'label=disable',
  );
  if (options.ulimitHost) args.push('--ulimit', 'host');
  args.push('--userns', facts.rootless ? 'keep-id' : 'host', '--user', 'root:root');
  args.push(
    '--label', `${TOOLBOX_LABELS[0]}=true`,
    '--label', `${TOOLSHED_VERSION_LABEL}=${request.toolshedVersion}`,
    '--label', `${TOOLSHED_OPTIONS_LABEL}=${JSON.stringify(options)}`,
  );
  if (request.operation) args.push('--label', `${TOOLSHED_OPERATION_LABEL}=${request.operation}`);
  args.push('--mount', 'type=devpts,destination=/dev/pts', '--name', value(request.name));

  const volume = (spec: string) => args.push('--volume', value(spec));
  volume('/:/run/host:rslave');
  volume('/dev:/dev:rslave');
  if (facts.dbusSystemSocket) volume(`${facts.dbusSystemSocket}:${facts.dbusSystemSocket}`);
  volume(`${facts.homeRealPath}:${facts.homeRealPath}:rslave`);
  volume(`${entryPoint.kind === 'toolbox' ? entryPoint.binary : entryPoint.script}:/usr/bin/toolbox:ro`);
  volume(`${facts.runtimeMount}:${facts.runtimeMount}`);
  if (facts.media === 'dir') volume('/media:/media:rslave');
  if (facts.mnt === 'dir') volume('/mnt:/mnt:rslave');
  if (facts.runMedia) volume('/run/media:/run/media:rslave');
  for (const socket of facts.serviceSockets) volume(`${socket}:${socket}`);
  if (facts.profileToolboxSh) volume(`${facts.profileToolboxSh}:/etc/profile.d/toolbox.sh:ro`);
  for (const extra of options.volumes) volume(`${extra.hostPath}:${extra.containerPath}${extra.readOnly ? ':ro' : ''}`);

  args.push(value(request.image));
  args.push(
    'toolbox', '--log-level', 'debug', 'init-container',
    '--gid', String(facts.gid),
    '--home', facts.home,
    '--shell', facts.shell,
    '--uid', String(facts.uid),
    '--user', facts.user,
  );
  if (facts.homeIsLink) args.push('--home-link');
  if (facts.media === 'link') args.push('--media-link');
  if (facts.mnt === 'link') args.push('--mnt-link');
  if (entryPoint.kind === 'toolbox' && entryPoint.monitorHost) args.push('--monitor-host');
  return args;
}
