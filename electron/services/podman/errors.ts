// What podman's error messages mean, in one place: each classifier reads the
// message of a PODMAN_FAILED error (podman's last "Error: …" line).
import { ToolshedError } from '../../../shared/errors.js';

const failedWith = (error: unknown, pattern: RegExp): error is ToolshedError =>
  error instanceof ToolshedError && error.code === 'PODMAN_FAILED' && pattern.test(error.message);

/** "no such container", "no container with name or ID … found". */
export function isNoSuchContainer(error: unknown): error is ToolshedError {
  return failedWith(error, /no such container|no container with name or ID/i);
}

/**
 * A Toolbx container shares the host's PID namespace, so the `podman exec`
 * sessions of its open tabs outlive it and podman complains while cleaning up
 * after a stop ("… has active exec sessions"), though the container did stop.
 */
export function isActiveExecSessions(error: unknown): error is ToolshedError {
  return failedWith(error, /active exec sessions/);
}

/** `podman create --name N` when N is taken: 'the container name "N" is already in use by …'. */
export function isNameInUse(error: unknown): error is ToolshedError {
  return failedWith(error, /already in use/i);
}

/** The same error as NOT_FOUND naming the container, when podman said it has no such container. */
export function notFoundIfMissing(error: unknown, container: string): unknown {
  if (isNoSuchContainer(error)) return new ToolshedError('NOT_FOUND', `No container named "${container}".`, error.detail);
  return error;
}
