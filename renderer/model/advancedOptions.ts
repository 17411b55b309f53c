// The create wizard's advanced options as typed (volume and variable rows, the
// ulimit choice): what is wrong with each row, checked with the contract's own
// schemas, and the options sent to the engine. DOM-free, unit-tested.
import { absolutePathSchema, containerPathSchema, envVarSchema, type CallArgs } from '../../shared/contract.js';
import { pathUseProblem, type PathFacts } from './pathProblems.js';

export interface VolumeRow {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface EnvRow {
  name: string;
  value: string;
}

export interface AdvancedState {
  volumes: VolumeRow[];
  env: EnvRow[];
  /** undefined: follow the ulimitHost setting. */
  ulimitHost: boolean | undefined;
}

export const emptyAdvanced: AdvancedState = { volumes: [], env: [], ulimitHost: undefined };

function pathProblem(path: string, what: string, schema = absolutePathSchema): string | null {
  const result = schema.safeParse(path);
  return result.success ? null : `${what}: ${result.error.issues[0]?.message ?? 'not a valid path'}.`;
}

/** What is wrong with each row, by index (empty rows are ignored); `hostPaths`: what the typed host folders are on the engine's machine, as far as known. */
export function advancedProblems(
  state: AdvancedState,
  hostPaths: ReadonlyMap<string, PathFacts> = new Map(),
): { volumes: (string | null)[]; env: (string | null)[] } {
  const names = new Set<string>();
  return {
    volumes: state.volumes.map((v) => {
      if (!v.hostPath && !v.containerPath) return null;
      // with no path in the toolbox given, the folder goes to the same path there
      return (
        pathProblem(v.hostPath, 'Host folder') ??
        pathProblem(v.containerPath || v.hostPath, 'Path in the toolbox', containerPathSchema) ??
        pathUseProblem('share', hostPaths.get(v.hostPath))
      );
    }),
    env: state.env.map((row) => {
      if (!row.name && !row.value) return null;
      const result = envVarSchema.safeParse(row);
      if (!result.success) return `${row.name || 'Variable'}: ${result.error.issues[0]?.message ?? 'not valid'}.`;
      if (names.has(row.name)) return `${row.name} is set twice.`;
      names.add(row.name);
      return null;
    }),
  };
}

/** The create options for the engine: filled-in rows only; ulimit only when the user set it (else the setting decides). */
export function toCreateOptions(state: AdvancedState): CallArgs<'createToolbox'>['options'] {
  const volumes = state.volumes
    .filter((v) => v.hostPath)
    .map((v) => ({ hostPath: v.hostPath, containerPath: v.containerPath || v.hostPath, ...(v.readOnly ? { readOnly: true } : {}) }));
  const env = state.env.filter((row) => row.name);
  const options = {
    ...(volumes.length ? { volumes } : {}),
    ...(env.length ? { env } : {}),
    ...(state.ulimitHost !== undefined ? { ulimitHost: state.ulimitHost } : {}),
  };
  return Object.keys(options).length ? options : undefined;
}
