// "Edit setup" as typed: a toolbox's setup as the form's rows and back, and
// the changes between the setup it has and the one typed, in words, for the
// confirmation. DOM-free, unit-tested.
import { hostnameSchema, type ToolboxSetup } from '../../shared/contract.js';
import type { AdvancedState } from './advancedOptions.js';

export interface SetupForm {
  advanced: AdvancedState;
  /** As typed; empty: the toolbox version's default. */
  hostname: string;
}

export function setupToForm(setup: ToolboxSetup): SetupForm {
  return {
    advanced: {
      volumes: setup.volumes.map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath, readOnly: v.readOnly ?? false })),
      env: setup.env.map((e) => ({ name: e.name, value: e.value })),
      ulimitHost: setup.ulimitHost,
    },
    hostname: setup.hostname ?? '',
  };
}

export function hostnameProblem(hostname: string): string | null {
  if (hostname === '') return null;
  const result = hostnameSchema.safeParse(hostname);
  return result.success ? null : `Hostname: ${result.error.issues[0]?.message ?? 'not valid'}.`;
}

/** The setup the form describes (filled-in rows only; a folder with no container path is mounted at the same path). */
export function formToSetup(form: SetupForm, current: ToolboxSetup): ToolboxSetup {
  return {
    volumes: form.advanced.volumes
      .filter((v) => v.hostPath)
      .map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath || v.hostPath, readOnly: v.readOnly })),
    env: form.advanced.env.filter((row) => row.name).map((row) => ({ name: row.name, value: row.value })),
    ulimitHost: form.advanced.ulimitHost ?? current.ulimitHost,
    hostname: form.hostname === '' ? null : form.hostname,
  };
}

const volumeText = (v: ToolboxSetup['volumes'][number]) => `${v.hostPath} → ${v.containerPath}${v.readOnly ? ' (read-only)' : ''}`;

/** What changes, one line each ("+ folder …", "− variable …", "hostname: a → b"); empty when nothing does. */
export function setupChanges(from: ToolboxSetup, to: ToolboxSetup): string[] {
  const changes: string[] = [];
  const before = new Set(from.volumes.map(volumeText));
  const after = new Set(to.volumes.map(volumeText));
  for (const v of before) if (!after.has(v)) changes.push(`− folder ${v}`);
  for (const v of after) if (!before.has(v)) changes.push(`+ folder ${v}`);
  const oldEnv = new Map(from.env.map((e) => [e.name, e.value]));
  const newEnv = new Map(to.env.map((e) => [e.name, e.value]));
  for (const [name, value] of oldEnv) if (!newEnv.has(name)) changes.push(`− variable ${name}=${value}`);
  for (const [name, value] of newEnv) {
    if (!oldEnv.has(name)) changes.push(`+ variable ${name}=${value}`);
    else if (oldEnv.get(name) !== value) changes.push(`variable ${name}: ${oldEnv.get(name)} → ${value}`);
  }
  if (from.ulimitHost !== to.ulimitHost) changes.push(`host resource limits: ${from.ulimitHost ? 'on' : 'off'} → ${to.ulimitHost ? 'on' : 'off'}`);
  if (from.hostname !== to.hostname) changes.push(`hostname: ${from.hostname ?? 'the default'} → ${to.hostname ?? 'the default'}`);
  return changes;
}
