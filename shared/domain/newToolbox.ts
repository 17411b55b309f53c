// The create wizard's rules, kept out of the UI so they are tested like the
// rest of the domain: the name (grammar, not taken), the name a chosen image
// suggests, and the steps of a create as its progress events arrive.
import { absolutePathSchema, envVarSchema, type CallArgs, type EventPayloads } from '../contract.js';
import { catalogueContainerName, catalogueMatch } from './catalogue.js';
import { containerNameForImage } from './defaultToolbox.js';
import { containerNameProblem } from './names.js';

/** Why a new toolbox may not have this name, or null. Names are unique across all of podman's containers. */
export function newToolboxNameProblem(name: string, takenNames: Iterable<string>): string | null {
  const problem = containerNameProblem(name);
  if (problem) return problem;
  for (const taken of takenNames) if (taken === name) return `A container named "${name}" already exists: choose another name.`;
  return null;
}

/** Toolbx's name for a toolbox of this image: `<distro>-toolbox-<release>` for a catalogue image, else from the image's name and tag. */
export function suggestedToolboxName(reference: string): string | undefined {
  const match = catalogueMatch(reference);
  if (match) return catalogueContainerName(match.entry, match.release.release);
  // an image id names nothing worth copying
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference)) return undefined;
  return containerNameForImage(reference);
}

// ---- the advanced options: rows as typed, checked with the contract's own schemas ----

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

function pathProblem(path: string, what: string): string | null {
  const result = absolutePathSchema.safeParse(path);
  return result.success ? null : `${what}: ${result.error.issues[0]?.message ?? 'not a valid path'}.`;
}

/** What is wrong with each row, by index (empty rows are ignored). */
export function advancedProblems(state: AdvancedState): { volumes: (string | null)[]; env: (string | null)[] } {
  const names = new Set<string>();
  return {
    volumes: state.volumes.map((v) => {
      if (!v.hostPath && !v.containerPath) return null;
      return pathProblem(v.hostPath, 'Host folder') ?? (v.containerPath ? pathProblem(v.containerPath, 'Path in the toolbox') : null);
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

// ---- the steps of a create, from its operationProgress events ----

/** A step of a create (an operationProgress step other than the outcome). */
export type CreateStep = Exclude<EventPayloads['operationProgress']['step'], 'done' | 'failed'>;
export const CREATE_STEPS: readonly CreateStep[] = ['pull', 'create', 'start', 'init'];
export type StepState = 'pending' | 'active' | 'done' | 'skipped' | 'failed';

export interface CreateProgressState {
  current: CreateStep | 'done' | 'failed' | undefined;
  /** The step that was under way when the create failed. */
  failedStep?: CreateStep;
  seen: CreateStep[];
  /** The latest message of each step. */
  messages: Partial<Record<CreateStep, string>>;
  /** Init's log lines after its first message (the last 200). */
  log: string[];
  pull?: { bytesDone?: number; bytesTotal?: number; layersDone?: number; layersTotal?: number };
  finalMessage?: string;
}

export const initialCreateProgress: CreateProgressState = { current: undefined, seen: [], messages: {}, log: [] };
const LOG_LINES = 200;

export function applyCreateProgress(state: CreateProgressState, event: EventPayloads['operationProgress']): CreateProgressState {
  const { step, message } = event;
  if (step === 'done') return { ...state, current: 'done', finalMessage: message };
  if (step === 'failed') {
    const failedStep = state.current && state.current !== 'done' && state.current !== 'failed' ? state.current : undefined;
    return { ...state, current: 'failed', finalMessage: message, ...(failedStep ? { failedStep } : {}) };
  }
  // init's first message names the step; the ones after it are the container's own log
  const logLine = step === 'init' && state.messages.init !== undefined;
  const next: CreateProgressState = {
    ...state,
    current: step,
    seen: state.seen.includes(step) ? state.seen : [...state.seen, step],
    messages: logLine ? state.messages : { ...state.messages, [step]: message },
  };
  if (logLine) next.log = [...state.log, message].slice(-LOG_LINES);
  if (step === 'pull') {
    const pull = { ...state.pull };
    for (const key of ['bytesDone', 'bytesTotal', 'layersDone', 'layersTotal'] as const) {
      const value = event[key];
      if (value !== undefined) pull[key] = value;
    }
    next.pull = pull;
  }
  return next;
}

export function createStepState(state: CreateProgressState, step: CreateStep): StepState {
  const rank = (s: CreateStep) => CREATE_STEPS.indexOf(s);
  const current = state.current;
  if (current === undefined) return 'pending';
  if (current === 'failed') {
    if (step === state.failedStep) return 'failed';
    if (state.failedStep !== undefined && rank(step) > rank(state.failedStep)) return 'pending';
    return state.seen.includes(step) ? 'done' : state.failedStep === undefined ? 'pending' : 'skipped';
  }
  if (current === 'done') return state.seen.includes(step) ? 'done' : 'skipped';
  if (step === current) return 'active';
  if (rank(step) > rank(current)) return 'pending';
  if (state.seen.includes(step)) return 'done';
  // the create step opens with a check, before any pull: a pull may still come
  return step === 'pull' && current === 'create' ? 'pending' : 'skipped';
}
