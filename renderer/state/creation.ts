// What the create wizard asks of the engine: the defaults (host distro,
// toolbox.conf), local images, the ulimit setting, and one create followed by
// its operationProgress events, which can be cancelled.
import type { CallArgs, ContainerSummary, CreateDefaults, EventPayloads, ImageSummary } from '../../shared/contract';
import { api } from '../api/connection';
import { followOperation, newOperationId } from './operations';
import { errorMessage } from './notices';

export function loadCreateDefaults(): Promise<CreateDefaults> {
  return api()
    .getCreateDefaults({})
    .catch(() => ({}));
}

/** Whether `--ulimit host` is on by default (undefined when the settings cannot be read). */
export function loadUlimitSetting(): Promise<boolean | undefined> {
  return api()
    .getSettings({})
    .then((settings) => settings.ulimitHost)
    .catch(() => undefined);
}

export async function loadImages(all: boolean): Promise<{ images?: ImageSummary[]; error?: string }> {
  try {
    return { images: await api().listImages({ all }) };
  } catch (error) {
    return { error: `Could not list the local images: ${errorMessage(error)}` };
  }
}

export type CreateRequest = Omit<CallArgs<'createToolbox'>, 'operationId' | 'pull'>;

/** Creates a toolbox (pulling its image when needed), reporting each progress event; `operationId` is what cancelCreate takes. */
export async function createToolbox(
  request: CreateRequest,
  onProgress: (event: EventPayloads['operationProgress']) => void,
  onStarted: (operationId: string) => void,
): Promise<ContainerSummary> {
  const operationId = newOperationId('create');
  const stop = followOperation(operationId, onProgress);
  onStarted(operationId);
  try {
    return await api().createToolbox({ ...request, pull: true, operationId });
  } finally {
    stop();
  }
}

export function cancelCreate(operationId: string): void {
  void api()
    .cancelOperation({ operationId })
    .catch(() => undefined);
}
