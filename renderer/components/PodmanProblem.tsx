import type { EngineStatus } from '../../shared/contract';
import { refresh } from '../state/containers';

/** Shown instead of the list when podman is missing or broken: what happened, and how to fix it. */
export function PodmanProblem({ status }: { status: EngineStatus }) {
  const problem = status.problem;
  return (
    <section className="problem" role="alert" aria-labelledby="problem-title">
      <h2 id="problem-title">{problem?.code === 'PODMAN_MISSING' ? 'podman is not installed' : 'podman is not working'}</h2>
      <p>{problem?.message}</p>
      {problem?.hint && <p className="hint">{problem.hint}</p>}
      <button type="button" onClick={() => void refresh()}>
        Check again
      </button>
    </section>
  );
}
