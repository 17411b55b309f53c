import { useState } from 'react';
import type { EventPayloads } from '../../../shared/contract';
import { ToolshedError } from '../../../shared/errors';
import { errorMessage } from '../../state/notices';

type Phase = 'idle' | 'working' | 'done' | 'failed';

export interface Steps {
  phase: Phase;
  lines: string[];
  failure?: { message: string; detail?: string };
  /** Runs slow work, its progress events becoming lines; its result is the last line. */
  run: (work: (onStep: (event: EventPayloads['operationProgress']) => void) => Promise<string>) => Promise<void>;
}

/** The steps of a slow operation of a dialog (a blueprint made, a toolbox moved), kept to look at afterwards. */
export function useSteps(): Steps {
  const [phase, setPhase] = useState<Phase>('idle');
  const [lines, setLines] = useState<string[]>([]);
  const [failure, setFailure] = useState<Steps['failure']>();
  const add = (line: string) => setLines((now) => (now.at(-1) === line ? now : [...now, line]));
  return {
    phase,
    lines,
    ...(failure ? { failure } : {}),
    async run(work) {
      setPhase('working');
      setLines([]);
      setFailure(undefined);
      try {
        // a pull's byte counts are not steps; its first line is
        add(await work((event) => (event.bytesDone === undefined ? add(event.message) : undefined)));
        setPhase('done');
      } catch (error) {
        setFailure({ message: errorMessage(error), ...(error instanceof ToolshedError && error.detail ? { detail: error.detail } : {}) });
        setPhase('failed');
      }
    },
  };
}

/** The lines so far, a spinner while at work, and a failure with the command's own output. */
export function StepsLog({ steps, failedNote }: { steps: Steps; failedNote: string }) {
  if (steps.phase === 'idle') return null;
  return (
    <>
      <ol className="blueprint-steps" aria-label="Steps">
        {steps.lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
      {steps.phase === 'working' && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Working…
        </p>
      )}
      {steps.failure && (
        <div role="alert" className="field-problem">
          <p>
            {steps.failure.message} {failedNote}
          </p>
          {steps.failure.detail && <pre className="failure-detail">{steps.failure.detail}</pre>}
        </div>
      )}
    </>
  );
}
