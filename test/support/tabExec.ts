/**
 * A `pgrep -f` pattern for the podman exec of a toolbox's tab: Toolshed's own
 * names the container's id; the one the host's `toolbox run` starts names the
 * container, then capsh (after its own `--log-level`).
 */
export const tabExecPattern = (name: string, id: string): string => `podman (--log-level [a-z]+ )?exec .*(${id}| ${name} capsh )`;
