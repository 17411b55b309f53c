// Toolboxes described in a file (a blueprint, or a distrobox.ini): read it and
// show what it would make, then make it. Engine:
// electron/services/blueprints/blueprintsApi.ts; the reader:
// shared/domain/blueprint.ts; the command line: `toolshed blueprint`.
import { z } from 'zod';
import type { BlueprintReading } from '../domain/blueprint.js';

export type { BlueprintReading };
import type { ContainerSummary } from './containers.js';
import { containerNameSchema, containerRefSchema, imageRefSchema, operationIdSchema } from './fields.js';

/** A blueprint's text: at most 256 KiB (a long distrobox.ini is a few KiB). */
const blueprintTextSchema = z.string().max(256 * 1024, 'a blueprint has at most 256 KiB');

/** Where a blueprint is fetched from by the engine: http or https only (not file:, not data:). */
const blueprintUrlSchema = z.url({ protocol: /^https?$/, error: 'a blueprint URL is http:// or https://' }).max(2048, 'a URL has at most 2048 characters');

export const blueprintCalls = {
  readBlueprint: z.strictObject({ text: blueprintTextSchema }),
  /** The text at a URL, fetched by the engine, to be read and shown before anything is made from it. */
  fetchBlueprint: z.strictObject({ url: blueprintUrlSchema }),
  /** Makes every toolbox the blueprint describes, all or nothing; refused when it has problems. */
  applyBlueprint: z.strictObject({ text: blueprintTextSchema, operationId: operationIdSchema }),
  /** A toolbox said as a blueprint (its image, setup, the packages its user installed, its exports); it is started to be read. */
  exportBlueprint: z.strictObject({ container: containerRefSchema }),
  /**
   * A toolbox made again from a newer image (a new release) under its name, with its setup,
   * exports and user-installed packages; the old one is snapshotted first and kept, stopped, as `keepOldAs`.
   */
  moveToRelease: z.strictObject({ container: containerRefSchema, image: imageRefSchema, keepOldAs: containerNameSchema, operationId: operationIdSchema }),
} satisfies Record<string, z.ZodType>;

export interface BlueprintResults {
  readBlueprint: BlueprintReading;
  fetchBlueprint: { text: string };
  applyBlueprint: { made: ContainerSummary[]; replaced: string[] };
  exportBlueprint: {
    text: string;
    /** The user-installed packages it lists, and the manager that lists them. */
    packages: string[];
    manager?: string;
    /** What it does not carry, and why. */
    notes: string[];
  };
  moveToRelease: {
    container: ContainerSummary;
    old: ContainerSummary;
    /** What the new release does not have: user-installed packages ("tsh-legacy"), exported apps and programs ("the app htop"). */
    missing: string[];
    /** The snapshot taken of the old toolbox first. */
    snapshot: string;
  };
}
