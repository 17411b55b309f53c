// The steps of a create as its operationProgress events arrive: which step is
// under way, done, skipped or failed, pull figures and init's log. DOM-free, unit-tested.
import type { EventPayloads } from '../../shared/contract.js';

/** A step of a create (the operationProgress steps a create reports, other than the outcome). */
export type CreateStep = Extract<EventPayloads['operationProgress']['step'], 'pull' | 'create' | 'start' | 'init'>;
export const CREATE_STEPS: readonly CreateStep[] = ['pull', 'create', 'start', 'init'];
/** unknown: the step was under way when the connection was lost, so how it ended is not known here. */
export type StepState = 'pending' | 'active' | 'done' | 'skipped' | 'failed' | 'unknown';

export interface CreateProgressState {
  current: CreateStep | 'done' | 'failed' | 'lost' | undefined;
  /** The step that was under way when the create failed, or when the connection was lost. */
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

/** The connection went away mid-create: the step under way stops, its outcome unknown. */
export function loseCreateProgress(state: CreateProgressState): CreateProgressState {
  const failedStep = state.current && state.current !== 'done' && state.current !== 'failed' && state.current !== 'lost' ? state.current : undefined;
  return { ...state, current: 'lost', ...(failedStep ? { failedStep } : {}) };
}

export function applyCreateProgress(state: CreateProgressState, event: EventPayloads['operationProgress']): CreateProgressState {
  const { message } = event;
  const step = event.step as CreateStep | 'done' | 'failed';
  if (step === 'done') return { ...state, current: 'done', finalMessage: message };
  if (step === 'failed') {
    const failedStep = state.current && state.current !== 'done' && state.current !== 'failed' && state.current !== 'lost' ? state.current : undefined;
    return { ...state, current: 'failed', finalMessage: message, ...(failedStep ? { failedStep } : {}) };
  }
  // a create reports only its own steps; anything else is not this view's
  if (!(CREATE_STEPS as readonly string[]).includes(step)) return state;
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
  if (current === 'failed' || current === 'lost') {
    if (step === state.failedStep) return current === 'failed' ? 'failed' : 'unknown';
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
