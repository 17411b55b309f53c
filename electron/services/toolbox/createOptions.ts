// The setup options a toolbox is created with (extra volumes and environment,
// --ulimit host): their normal form, which is also what its
// dev.toolshed.options label records, and the checks the schema cannot make.
import { containerPathProblem } from '../../../shared/domain/containerPaths.js';
import path from 'node:path';
import type { z } from 'zod';
import type { createOptionsSchema } from '../../../shared/contract.js';
import type { HostFacts } from './hostFacts.js';

export type CreateOptions = z.infer<typeof createOptionsSchema>;

/** The options as recorded: every field explicit, ulimitHost resolved against the settings. */
export interface RecordedOptions {
  volumes: { hostPath: string; containerPath: string; readOnly: boolean }[];
  env: { name: string; value: string }[];
  ulimitHost: boolean;
}

/** Set by the setup itself: a user value would break it (the ready stamp lives below XDG_RUNTIME_DIR). */
export const RESERVED_ENV = ['TOOLBOX_PATH', 'XDG_RUNTIME_DIR'];

export function normalizeOptions(options: CreateOptions | undefined, settings: { ulimitHost: boolean }): RecordedOptions {
  return {
    volumes: (options?.volumes ?? []).map((v) => ({
      hostPath: cleanPath(v.hostPath),
      containerPath: cleanPath(v.containerPath),
      readOnly: v.readOnly ?? false,
    })),
    env: (options?.env ?? []).map((e) => ({ name: e.name, value: e.value })),
    ulimitHost: options?.ulimitHost ?? settings.ulimitHost,
  };
}

/** "/a//b/" -> "/a/b" (the schema has already refused "..", ":" and relative paths). */
export function cleanPath(p: string): string {
  const clean = path.posix.normalize(p);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** Where the Toolbx setup itself mounts things in the container: extra volumes may not land there. */
export function reservedDestinations(facts: HostFacts): string[] {
  const list = ['/', '/run/host', '/dev', '/dev/pts', '/usr/bin/toolbox', facts.homeRealPath, facts.runtimeMount, ...facts.serviceSockets];
  if (facts.dbusSystemSocket) list.push(facts.dbusSystemSocket);
  if (facts.media === 'dir') list.push('/media');
  if (facts.mnt === 'dir') list.push('/mnt');
  if (facts.runMedia) list.push('/run/media');
  if (facts.profileToolboxSh) list.push('/etc/profile.d/toolbox.sh');
  return list.map(cleanPath);
}

/** Why these options cannot be used on this host (empty when they can). Host paths are checked by the caller. */
export function optionProblems(options: RecordedOptions, facts: HostFacts): string[] {
  const problems: string[] = [];
  const reserved = new Set(reservedDestinations(facts));
  const seen = new Set<string>();
  for (const volume of options.volumes) {
    const offLimits = containerPathProblem(volume.containerPath);
    if (offLimits) problems.push(`${offLimits}.`);
    else if (reserved.has(volume.containerPath))
      problems.push(`${volume.containerPath} is already mounted by the toolbox setup; choose another container path.`);
    else if (seen.has(volume.containerPath)) problems.push(`${volume.containerPath} is the container path of two volumes.`);
    seen.add(volume.containerPath);
  }
  const names = new Set<string>();
  for (const variable of options.env) {
    if (RESERVED_ENV.includes(variable.name)) problems.push(`${variable.name} is set by the toolbox setup and cannot be changed.`);
    else if (names.has(variable.name)) problems.push(`${variable.name} is set twice.`);
    names.add(variable.name);
  }
  return problems;
}
