// One create as the wizard shows it: start it, cancel it, and read its steps;
// the engine removes a half-made toolbox itself.
import { useCallback, useRef, useState } from 'react';
import type { ContainerSummary } from '../../../shared/contract';
import { toErrorData, ToolshedError, type ErrorData } from '../../../shared/errors';
import { applyCreateProgress, initialCreateProgress, loseCreateProgress, type CreateProgressState } from '../../model/createProgress';
import { cancelCreate, createToolbox, type CreateRequest } from '../../state/creation';

/** lost: the connection went away mid-create, so its outcome is not known here. */
export type RunPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled' | 'lost';

export interface CreateRun {
  phase: RunPhase;
  name: string;
  image: string;
  progress: CreateProgressState;
  error?: ErrorData;
  created?: ContainerSummary;
  cancelling?: boolean;
}

const idle: CreateRun = { phase: 'idle', name: '', image: '', progress: initialCreateProgress };

export function useCreateRun(): {
  run: CreateRun;
  start: (request: CreateRequest) => Promise<ContainerSummary | undefined>;
  cancel: () => void;
  reset: () => void;
} {
  const [run, setRun] = useState<CreateRun>(idle);
  const operation = useRef<string | undefined>(undefined);

  const start = useCallback(async (request: CreateRequest) => {
    setRun({ phase: 'running', name: request.name, image: request.image, progress: initialCreateProgress });
    try {
      const created = await createToolbox(
        request,
        (event) => setRun((r) => ({ ...r, progress: applyCreateProgress(r.progress, event) })),
        (operationId) => (operation.current = operationId),
      );
      setRun((r) => ({ ...r, phase: 'done', created }));
      return created;
    } catch (error) {
      const data: ErrorData = error instanceof ToolshedError ? toErrorData(error) : { code: 'INTERNAL', message: String(error) };
      const phase: RunPhase = data.code === 'CANCELLED' ? 'cancelled' : data.code === 'DISCONNECTED' || data.code === 'TIMEOUT' ? 'lost' : 'failed';
      setRun((r) => ({ ...r, phase, error: data, ...(phase === 'lost' ? { progress: loseCreateProgress(r.progress) } : {}) }));
      return undefined;
    } finally {
      operation.current = undefined;
    }
  }, []);

  const cancel = useCallback(() => {
    const operationId = operation.current;
    if (!operationId) return;
    setRun((r) => ({ ...r, cancelling: true }));
    cancelCreate(operationId);
  }, []);

  const reset = useCallback(() => setRun(idle), []);
  return { run, start, cancel, reset };
}
