// The field schemas calls share: names, ids, paths, variables, images. Each
// refuses what podman or a shell could misread, with a sentence saying why.
import { z } from 'zod';
import { containerPathProblem } from '../domain/containerPaths.js';
import { CONTAINER_ID_PATTERN, CONTAINER_NAME_MAX, CONTAINER_NAME_PATTERN } from '../domain/names.js';

export const containerNameSchema = z
  .string()
  .max(CONTAINER_NAME_MAX, `a container name has at most ${CONTAINER_NAME_MAX} characters`)
  .regex(CONTAINER_NAME_PATTERN, 'a container name is letters, digits, "_", "." and "-", starting with a letter or digit');

export const containerIdSchema = z.string().regex(CONTAINER_ID_PATTERN, 'a container id is 12 to 64 lowercase hex digits');

/** A container named by its name or its id (both grammars exclude a leading "-"). */
export const containerRefSchema = z.union([containerIdSchema, containerNameSchema]);

/** A call without arguments. */
export const noArgs = z.strictObject({});

/** A call about one container. */
export const byContainer = z.strictObject({ container: containerRefSchema });

/** An id the client picks for a slow operation, so it can follow its progress and cancel it. */
export const operationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an operation id is 1 to 64 letters, digits, "_" or "-", starting with a letter or digit');

// A path on the host or in the container: absolute, no "..", no NUL or newline, no ":" (podman's
// --volume separator) and no leading "-".
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^\/[^\0\n\r:]*$/, 'a path is absolute (starts with "/") and has no ":", newline or NUL')
  .refine((p) => !p.split('/').includes('..'), 'a path may not contain ".."');

export const envVarSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name is letters, digits and "_", not starting with a digit'),
  value: z
    .string()
    .max(8192)
    .refine((v) => !/[\0\n\r]/.test(v), 'an environment variable value has no newline or NUL'),
});

/** A path in a toolbox where an extra folder is mounted: not over what Toolbx or the system needs. */
export const containerPathSchema = absolutePathSchema.superRefine((path, ctx) => {
  const problem = containerPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const volumeSchema = z.strictObject({
  hostPath: absolutePathSchema,
  containerPath: containerPathSchema,
  readOnly: z.boolean().optional(),
});

/**
 * An image reference: only the characters the reference grammar allows (so never
 * a shell or option character); shared/domain/imageRef says precisely what is wrong.
 */
export const imageRefSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/, 'an image reference is letters, digits and . _ - / : @, starting with a letter or digit');

/** The hostname inside a toolbox; null: the one the host's toolbox version uses. */
export const hostnameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'a hostname is letters, digits and "-", at most 63')
  .nullable();

/** An image by its id (a snapshot). */
export const imageIdSchema = z.string().regex(/^(sha256:)?[0-9a-f]{12,64}$/, 'an image id is 12 to 64 lowercase hex digits');

/** A program's name on a PATH (a host shim, an exported program): one file name, no "/". */
export const programNameSchema = z
  .string()
  .max(128, 'a program name has at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a program name is letters, digits, ".", "_", "+" and "-", starting with a letter or digit (no "/")');
