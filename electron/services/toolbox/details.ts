// The details pane: what `podman inspect` says about a container, in the
// contract's terms.
import type { ContainerInspection, ContainerSummary } from '../../../shared/contract.js';
import type { PodmanInspect } from '../podman/types.js';

const asArray = (value: string[] | string | null | undefined): string[] => (value == null ? [] : Array.isArray(value) ? value : [value]);

export function containerInspection(inspect: PodmanInspect, summary: ContainerSummary): ContainerInspection {
  const details: ContainerInspection = {
    ...summary,
    entrypoint: asArray(inspect.Config.Entrypoint),
    command: asArray(inspect.Config.Cmd),
    labels: inspect.Config.Labels ?? {},
    mounts: (inspect.Mounts ?? []).map((m) => ({ source: m.Source, destination: m.Destination, type: m.Type, readOnly: !m.RW })),
    hostname: inspect.Config.Hostname ?? '',
  };
  return details;
}
