// Making a toolbox: the picker's defaults, the images, a pull, the create
// itself, and the cancel of any slow operation. Engine:
// electron/services/toolbox/creationApi.ts, images/imagesApi.ts,
// operations.ts; renderer: renderer/state/creation.ts, operations.ts.
import { z } from 'zod';
import { containerNameSchema, envVarSchema, hostnameSchema, imageRefSchema, noArgs, operationIdSchema, volumeSchema } from './fields.js';
import type { ContainerSummary } from './containers.js';

/** The setup options a toolbox is created with (recorded in its labels). */
export const createOptionsSchema = z.strictObject({
  volumes: z.array(volumeSchema).max(64).optional(),
  env: z.array(envVarSchema).max(128).optional(),
  /** Overrides the ulimitHost setting for this toolbox. */
  ulimitHost: z.boolean().optional(),
});

export const creationCalls = {
  getCreateDefaults: noArgs,
  listImages: z.strictObject({ all: z.boolean().optional() }),
  pullImage: z.strictObject({ reference: imageRefSchema, operationId: operationIdSchema }),
  createToolbox: z.strictObject({
    name: containerNameSchema,
    image: imageRefSchema,
    options: createOptionsSchema.optional(),
    /** Pull the image first when it is not local. */
    pull: z.boolean().optional(),
    /** The hostname inside (default: the hostname setting). */
    hostname: hostnameSchema.optional(),
    /** Keep a half-made container for debugging instead of removing it. */
    keepOnFailure: z.boolean().optional(),
    operationId: operationIdSchema,
  }),
  cancelOperation: z.strictObject({ operationId: operationIdSchema }),
} satisfies Record<string, z.ZodType>;

export interface ImageSummary {
  id: string;
  /** Repository:tag names; empty for a dangling image. */
  names: string[];
  sizeBytes: number;
  /** Seconds since the epoch. */
  created: number;
  /** Labelled com.github.containers.toolbox=true. */
  toolbox: boolean;
  distro?: string;
  release?: string;
}

export interface CreateDefaults {
  /** From the host's os-release. */
  hostDistro?: string;
  hostRelease?: string;
  /** toolbox.conf's [general] choice, else the host's distro and release. */
  distro?: string;
  release?: string;
  image?: string;
  name?: string;
}

export interface CreationResults {
  getCreateDefaults: CreateDefaults;
  listImages: ImageSummary[];
  pullImage: { id: string };
  createToolbox: ContainerSummary;
  cancelOperation: { cancelled: boolean };
}

export interface CreationEvents {
  /** A step of a slow operation (create, pull, setup edit, restore…) the client started with this operationId. */
  operationProgress: {
    operationId: string;
    step: 'pull' | 'stop' | 'commit' | 'create' | 'start' | 'init' | 'swap' | 'save' | 'load' | 'packages' | 'hook' | 'export' | 'done' | 'failed';
    message: string;
    /** Pull progress, when podman reports it. */
    bytesDone?: number;
    bytesTotal?: number;
    layersDone?: number;
    layersTotal?: number;
  };
}
