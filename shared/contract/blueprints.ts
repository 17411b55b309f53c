// Toolboxes described in a file (a blueprint, or a distrobox.ini): read it and
// show what it would make, then make it. Engine:
// electron/services/blueprints/blueprintsApi.ts; the reader:
// shared/domain/blueprint.ts; the command line: `toolshed blueprint`.
import { z } from 'zod';
import type { BlueprintReading } from '../domain/blueprint.js';

export type { BlueprintReading };
import type { ContainerSummary } from './containers.js';
import { operationIdSchema } from './fields.js';

/** A blueprint's text: at most 256 KiB (a long distrobox.ini is a few KiB). */
const blueprintTextSchema = z.string().max(256 * 1024, 'a blueprint has at most 256 KiB');

export const blueprintCalls = {
  readBlueprint: z.strictObject({ text: blueprintTextSchema }),
  /** Makes every toolbox the blueprint describes, all or nothing; refused when it has problems. */
  applyBlueprint: z.strictObject({ text: blueprintTextSchema, operationId: operationIdSchema }),
} satisfies Record<string, z.ZodType>;

export interface BlueprintResults {
  readBlueprint: BlueprintReading;
  applyBlueprint: { made: ContainerSummary[] };
}
