// The `podman create` arguments of a Toolbx container, as the host's toolbox
// version's `toolbox create` builds them (src/cmd/create.go createContainer in
// containers/toolbox; what changed between releases is in toolboxVersions.ts),
// in its order, as a pure function of the host's facts, the request and the
// settings, so every argument can be checked by a unit test. Toolshed adds its
// own labels, the user's extra environment and volumes after Toolbx's own, and
// leaves `--ulimit host` out when the setting says so (some VMs refuse it).
// The entry point is the host's toolbox binary when there is one, else
// Toolshed's own init script; either is mounted at /usr/bin/toolbox so
// Config.Cmd[0] is "toolbox", which the CLI requires.
import { TOOLBOX_LABELS, TOOLSHED_OPERATION_LABEL, TOOLSHED_OPTIONS_LABEL, TOOLSHED_VERSION_LABEL } from '../../../shared/domain/labels.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { RecordedOptions } from './createOptions.js';
import type { HostFacts } from './hostFacts.js';
import { behaviourForHost } from './toolboxVersions.js';

export type EntryPoint = { kind: 'toolbox'; binary: string } | { kind: 'toolshed-init'; script: string };

export interface CreateArgsRequest {
  name: string;
  image: string;
  options: RecordedOptions;
  toolshedVersion: string;
  /** The journal entry of the create (journal.ts), labelled so a crash's leftovers can be found. */
  operation?: string;
  /**
   * The image is a commit of a toolbox (a snapshot): it carries the old
   * container's variables, which would outlive a change. `imageEnv` is its
   * environment; `removedEnv` the setup's variables the new container drops.
   */
  fromCommit?: { imageEnv: readonly string[]; removedEnv: readonly string[] };
}

export interface CreateArgsSettings {
  /** The hostname inside; null: the one the toolbox version uses. */
  hostname: string | null;
}

/** The test hooks toolbox 0.0.99.6 and later pass on from the caller's environment. */
const ENTRY_POINT_HOOKS = ['TOOLBX_DELAY_ENTRY_POINT', 'TOOLBX_FAIL_ENTRY_POINT'];

const SOCKETS = { avahi: '/run/avahi-daemon/socket', kcm: '/run/.heim_org.h5l.kcm-socket', pcscd: '/run/pcscd/pcscd.comm' } as const;

/** The host's toolbox when there is one, else Toolshed's init script (made lazily: it may be missing). */
export function chooseEntryPoint(facts: HostFacts, initScript: () => string): EntryPoint {
  return facts.toolbox ? { kind: 'toolbox', binary: facts.toolbox.path } : { kind: 'toolshed-init', script: initScript() };
}

/** Nothing that podman could read as an option may sit where a value or the image goes. */
function value(text: string): string {
  if (text.startsWith('-')) throw new ToolshedError('INVALID_ARGUMENT', `"${text.slice(0, 80)}" may not start with "-".`);
  return text;
}

/** The arguments after `podman create`; `env` is the caller's environment (for the hooks toolbox passes on). */
export function podmanCreateArgs(
  facts: HostFacts,
  request: CreateArgsRequest,
  settings: CreateArgsSettings,
  entryPoint: EntryPoint,
  env: NodeJS.ProcessEnv = {},
): string[] {
  const { options } = request;
  const behaviour = behaviourForHost(entryPoint.kind === 'toolbox' ? facts.toolbox : undefined);
  const home = behaviour.homeFromEnvironment && facts.environmentHome ? facts.environmentHome : { home: facts.home, realPath: facts.homeRealPath };
  const args: string[] = [];
  const env_ = (assignment: string) => args.push('--env', value(assignment));
  const volume = (spec: string) => args.push('--volume', value(spec));

  if (behaviour.cgroupnsHost) args.push('--cgroupns', 'host');
  args.push('--dns', 'none');
  if (behaviour.passesEntryPointHooks) for (const hook of ENTRY_POINT_HOOKS) if (env[hook] !== undefined) env_(`${hook}=${env[hook]}`);
  if (entryPoint.kind === 'toolbox') env_(`TOOLBOX_PATH=${entryPoint.binary}`);
  if (facts.rootless && facts.xdgRuntimeDir) env_(`XDG_RUNTIME_DIR=${facts.xdgRuntimeDir}`);
  for (const variable of options.env) env_(`${variable.name}=${variable.value}`);
  const hostname = settings.hostname ?? behaviour.hostname;
  if (request.fromCommit) {
    const carried = new Set(request.fromCommit.imageEnv.map((entry) => entry.slice(0, entry.indexOf('='))));
    const unset = new Set(request.fromCommit.removedEnv.filter((name) => carried.has(name)));
    if (entryPoint.kind !== 'toolbox' && carried.has('TOOLBOX_PATH')) unset.add('TOOLBOX_PATH');
    if (!(facts.rootless && facts.xdgRuntimeDir) && carried.has('XDG_RUNTIME_DIR')) unset.add('XDG_RUNTIME_DIR');
    for (const name of unset) args.push('--unsetenv', value(name));
    // the image's HOSTNAME (the old container's) would win over podman's
    if (carried.has('HOSTNAME')) env_(`HOSTNAME=${hostname}`);
  }
  args.push('--hostname', value(hostname), '--ipc', 'host');
  args.push(
    '--label',
    `${TOOLBOX_LABELS[0]}=true`,
    '--label',
    `${TOOLSHED_VERSION_LABEL}=${request.toolshedVersion}`,
    '--label',
    `${TOOLSHED_OPTIONS_LABEL}=${JSON.stringify(options)}`,
  );
  if (request.operation) args.push('--label', `${TOOLSHED_OPERATION_LABEL}=${request.operation}`);
  args.push(
    '--mount',
    'type=devpts,destination=/dev/pts',
    '--name',
    value(request.name),
    '--network',
    'host',
    '--no-hosts',
    '--pid',
    'host',
    '--privileged',
    '--security-opt',
    'label=disable',
  );
  if (options.ulimitHost) args.push('--ulimit', 'host');
  args.push('--userns', facts.rootless ? 'keep-id' : 'host', '--user', 'root:root');

  volume('/:/run/host:rslave');
  volume('/dev:/dev:rslave');
  if (facts.dbusSystemSocket) volume(`${facts.dbusSystemSocket}:${facts.dbusSystemSocket}`);
  volume(`${home.realPath}:${home.realPath}:rslave`);
  volume(`${entryPoint.kind === 'toolbox' ? entryPoint.binary : entryPoint.script}:/usr/bin/toolbox:ro`);
  volume(`${facts.runtimeMount}:${facts.runtimeMount}`);
  const socket = (path: string) => facts.serviceSockets.includes(path) && volume(`${path}:${path}`);
  socket(SOCKETS.avahi);
  socket(SOCKETS.kcm);
  if (facts.media === 'dir') volume('/media:/media:rslave');
  if (facts.mnt === 'dir') volume('/mnt:/mnt:rslave');
  socket(SOCKETS.pcscd);
  if (facts.runMedia) volume('/run/media:/run/media:rslave');
  if (facts.profileToolboxSh) volume(`${facts.profileToolboxSh}:/etc/profile.d/toolbox.sh:ro`);
  for (const extra of options.volumes) volume(`${extra.hostPath}:${extra.containerPath}${extra.readOnly ? ':ro' : ''}`);

  args.push(value(request.image));
  args.push(
    'toolbox',
    '--log-level',
    'debug',
    'init-container',
    '--gid',
    String(facts.gid),
    '--home',
    home.home,
    '--shell',
    facts.shell,
    '--uid',
    String(facts.uid),
    '--user',
    facts.user,
  );
  if (entryPoint.kind === 'toolbox' && behaviour.monitorHost) args.push('--monitor-host');
  if (facts.homeIsLink) args.push('--home-link');
  if (facts.media === 'link') args.push('--media-link');
  if (facts.mnt === 'link') args.push('--mnt-link');
  return args;
}
