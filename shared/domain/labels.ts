// Labels that say who manages a container. distrobox containers may also carry
// the Toolbx label, so distrobox is checked first.
export const TOOLBOX_LABELS = ['com.github.containers.toolbox', 'com.github.debarshiray.toolbox'] as const;
export const DISTROBOX_LABEL = { key: 'manager', value: 'distrobox' } as const;
/** Set by Toolshed on what it creates: its version, and the create options as JSON. */
export const TOOLSHED_VERSION_LABEL = 'dev.toolshed.version';
export const TOOLSHED_OPTIONS_LABEL = 'dev.toolshed.options';
/** The journal entry of the operation that made a container: how Toolshed finds what a crash left half-made. */
export const TOOLSHED_OPERATION_LABEL = 'dev.toolshed.operation';
/** On a snapshot image: what it is a snapshot of, its name, when, and the setup to recreate it with (base64url JSON). */
export const TOOLSHED_SNAPSHOT_LABEL = 'dev.toolshed.snapshot';
/** Where snapshot images live: Toolshed's own namespace, kept out of the image picker's default view. */
export const SNAPSHOT_REPOSITORY = 'localhost/toolshed-snapshots';
/** Where the images of toolboxes restored from backup files are named. */
export const BACKUP_REPOSITORY = 'localhost/toolshed-backups';
