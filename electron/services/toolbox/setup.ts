// A toolbox's setup beyond Toolbx's own (extra volumes and variables, the
// --ulimit host choice, the hostname): what "Edit setup" shows and changes.
// Toolshed's toolboxes carry it in their options label; for one the toolbox
// CLI made it is read from podman's view of the container: what it mounts and
// sets beyond what Toolbx and its image do.
import { z } from 'zod';
import { envVarSchema, volumeSchema, type ToolboxSetup } from '../../../shared/contract.js';
import { TOOLSHED_OPTIONS_LABEL } from '../../../shared/domain/labels.js';
import type { PodmanInspect } from '../podman/types.js';
import { cleanPath, RESERVED_ENV, reservedDestinations, type RecordedOptions } from './createOptions.js';
import type { HostFacts } from './hostFacts.js';

/** Set by podman or the image rather than by whoever made the container. */
const NOT_SETUP_ENV = new Set([...RESERVED_ENV, 'container', 'HOSTNAME', 'HOME', 'TERM']);
/** What podman sets PATH to when the image does not (an imported root filesystem). */
const PODMAN_DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The options label as Toolshed writes it; anyone can set labels, so it is checked like any input. */
const recordedOptionsSchema = z.object({ volumes: z.array(volumeSchema).max(64), env: z.array(envVarSchema).max(128), ulimitHost: z.boolean() });

/** The recorded options, or undefined when the label is absent or not as Toolshed writes it (then the container is inspected). */
function recordedOptions(label: string | undefined): RecordedOptions | undefined {
  if (!label || label.length > 256 * 1024) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(label);
  } catch {
    return undefined;
  }
  const result = recordedOptionsSchema.safeParse(parsed);
  if (!result.success) return undefined;
  const { volumes, env, ulimitHost } = result.data;
  return { volumes: volumes.map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath, readOnly: v.readOnly ?? false })), env, ulimitHost };
}

export interface ReadSetup {
  setup: ToolboxSetup;
  source: 'recorded' | 'inspected';
}

/**
 * The setup of a container: its recorded options when Toolshed made it, else
 * the bind mounts Toolbx does not make and the variables neither Toolbx nor
 * the image set (`imageEnv`); the hostname it has; `--ulimit host` as the
 * settings say when nothing records it.
 */
export function readSetup(inspect: PodmanInspect, imageEnv: readonly string[], facts: HostFacts, ulimitDefault: boolean): ReadSetup {
  const hostname = inspect.Config.Hostname || null;
  const recorded = recordedOptions(inspect.Config.Labels?.[TOOLSHED_OPTIONS_LABEL]);
  if (recorded) return { setup: { ...recorded, hostname }, source: 'recorded' };
  const reserved = new Set(reservedDestinations(facts));
  const volumes = (inspect.Mounts ?? [])
    .filter((m) => m.Type === 'bind' && !reserved.has(cleanPath(m.Destination)) && m.Source.startsWith('/'))
    .map((m) => ({ hostPath: m.Source, containerPath: m.Destination, readOnly: !m.RW }));
  const fromImage = new Set(imageEnv);
  const env = (inspect.Config.Env ?? [])
    .filter((entry) => !fromImage.has(entry) && entry !== PODMAN_DEFAULT_PATH)
    .map((entry) => ({ name: entry.slice(0, Math.max(0, entry.indexOf('='))), value: entry.slice(entry.indexOf('=') + 1) }))
    .filter((variable) => variable.name && !NOT_SETUP_ENV.has(variable.name));
  return { setup: { volumes, env, ulimitHost: ulimitDefault, hostname }, source: 'inspected' };
}

/** The setup as create options (what podmanCreateArgs records and applies). */
export function setupOptions(setup: ToolboxSetup): RecordedOptions {
  return {
    volumes: setup.volumes.map((v) => ({ hostPath: cleanPath(v.hostPath), containerPath: cleanPath(v.containerPath), readOnly: v.readOnly ?? false })),
    env: setup.env.map((e) => ({ name: e.name, value: e.value })),
    ulimitHost: setup.ulimitHost,
  };
}
