import { useEffect, useRef } from 'react';
import { CREATE_STEPS, createStepState, type CreateStep, type StepState } from '../../model/createProgress';
import { formatBytes, plural } from '../../../shared/domain/units';
import type { CreateRun } from './useCreateRun';

const STEP_LABEL: Record<CreateStep, string> = {
  pull: 'Download the image',
  create: 'Create the container',
  start: 'Start it',
  init: 'Set it up (user, mounts, sudo)',
};

const STATE_LABEL: Record<StepState, string> = {
  pending: 'waiting',
  active: 'in progress',
  done: 'done',
  skipped: 'not needed',
  failed: 'failed',
  unknown: 'unknown: the connection was lost',
};

function StepIcon({ state }: { state: StepState }) {
  if (state === 'active') return <span className="spinner" aria-hidden="true" />;
  const glyph = { pending: '○', done: '✓', skipped: '–', failed: '✕', unknown: '?' }[state];
  return (
    <span className={`step-icon ${state}`} aria-hidden="true">
      {glyph}
    </span>
  );
}

function PullBar({ run }: { run: CreateRun }) {
  const pull = run.progress.pull;
  const hasBytes = pull?.bytesTotal !== undefined && pull.bytesTotal > 0;
  const layers = pull?.layersTotal ? `${pull.layersDone ?? 0} of ${plural(pull.layersTotal, 'layer')}` : '';
  const bytes = hasBytes ? `${formatBytes(pull.bytesDone ?? 0)} of ${formatBytes(pull.bytesTotal!)}` : '';
  return (
    <div className="pull-progress">
      <progress aria-label={`Downloading ${run.image}`} {...(hasBytes ? { value: pull.bytesDone ?? 0, max: pull.bytesTotal } : {})} />
      <span className="muted" data-testid="pull-figures">
        {[bytes, layers].filter(Boolean).join(' · ') || 'Contacting the registry…'}
      </span>
    </div>
  );
}

/** The steps of a create as they happen, with the pull's bar and init's log. */
export function CreateProgressView({ run }: { run: CreateRun }) {
  const log = useRef<HTMLPreElement>(null);
  const { progress } = run;

  useEffect(() => {
    // follow the log's end as lines arrive
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [progress.log.length]);

  return (
    <ol className="create-steps" aria-label="Steps">
      {CREATE_STEPS.map((step) => {
        const state = createStepState(progress, step);
        const message = progress.messages[step];
        return (
          <li key={step} className={`create-step ${state}`} data-step={step} data-state={state} aria-current={state === 'active' ? 'step' : undefined}>
            <StepIcon state={state} />
            <div className="step-body">
              <div className="step-title">
                {STEP_LABEL[step]} <span className="visually-hidden">({STATE_LABEL[state]})</span>
                {state === 'skipped' && step === 'pull' && <span className="muted"> — already on this machine</span>}
              </div>
              {message && (state === 'active' || state === 'done' || state === 'failed') && <div className="step-message">{message}</div>}
              {step === 'pull' && state === 'active' && <PullBar run={run} />}
              {step === 'init' && progress.log.length > 0 && (state === 'active' || state === 'failed' || state === 'done') && (
                <pre className="init-log" ref={log} role="log" aria-label="Setup log" tabIndex={0}>
                  {progress.log.join('\n')}
                </pre>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
