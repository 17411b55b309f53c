// One create, followed through its operationProgress events: start it, cancel
// it, and read its steps; the engine removes a half-made toolbox itself.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallArgs, ContainerSummary } from '../../../shared/contract';
import { applyCreateProgress, initialCreateProgress, type CreateProgressState } from '../../../shared/domain/newToolbox';
import { toErrorData, ToolshedError, type ErrorData } from '../../../shared/errors';
import { api, onEngineEvent } from '../../state/actions';

export type RunPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface CreateRun {
  phase: RunPhase;
  name: string;
  image: string;
  progress: CreateProgressState;
  error?: ErrorData;
  created?: ContainerSummary;
  cancelling?: boolean;
}

export interface CreateRequest {
  name: string;
  image: string;
  options?: CallArgs<'createToolbox'>['options'];
}

const idle: CreateRun = { phase: 'idle', name: '', image: '', progress: initialCreateProgress };

function newOperationId(): string {
  return `create-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function useCreateRun(): { run: CreateRun; start: (request: CreateRequest) => Promise<ContainerSummary | undefined>; cancel: () => void; reset: () => void } {
  const [run, setRun] = useState<CreateRun>(idle);
  const operation = useRef<string | undefined>(undefined);
  const unsubscribe = useRef<(() => void) | undefined>(undefined);

  useEffect(() => () => unsubscribe.current?.(), []);

  const start = useCallback(async ({ name, image, options }: CreateRequest) => {
    const operationId = newOperationId();
    operation.current = operationId;
    setRun({ phase: 'running', name, image, progress: initialCreateProgress });
    unsubscribe.current?.();
    unsubscribe.current = onEngineEvent((message) => {
      if (message.event !== 'operationProgress' || message.payload.operationId !== operationId) return;
      setRun((r) => ({ ...r, progress: applyCreateProgress(r.progress, message.payload) }));
    });
    try {
      const created = await api().createToolbox({ name, image, pull: true, operationId, ...(options ? { options } : {}) });
      setRun((r) => ({ ...r, phase: 'done', created }));
      return created;
    } catch (error) {
      const data: ErrorData = error instanceof ToolshedError ? toErrorData(error) : { code: 'INTERNAL', message: String(error) };
      setRun((r) => ({ ...r, phase: data.code === 'CANCELLED' ? 'cancelled' : 'failed', error: data }));
      return undefined;
    } finally {
      unsubscribe.current?.();
      unsubscribe.current = undefined;
      operation.current = undefined;
    }
  }, []);

  const cancel = useCallback(() => {
    const operationId = operation.current;
    if (!operationId) return;
    setRun((r) => ({ ...r, cancelling: true }));
    void api().cancelOperation({ operationId });
  }, []);

  const reset = useCallback(() => setRun(idle), []);
  return { run, start, cancel, reset };
}
