import { z } from 'zod';
import { VERSION_KEY } from './run-migrations.ts';

/**
 * The JSON Schema (draft 2020-12) of the document as stored: the zod schema's
 * input side (what parse accepts, so fields with a default are optional) plus
 * a required `schemaVersion` whose `const` is the current version, listed first.
 * Types JSON cannot express (Date, bigint, ...) become `{}` rather than failing.
 */
export function onDiskJsonSchema(
  schema: z.ZodObject,
  version: string,
  title: string | undefined,
): Record<string, unknown> {
  const { id: _id, ...meta } = schema.meta() ?? {};
  const versionField = z.literal(version).meta({
    description: 'The schema version this document was written with. Managed by the program; do not edit.',
  });
  const disk = schema.safeExtend({ [VERSION_KEY]: versionField }).meta(meta);
  const json = z.toJSONSchema(disk, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;

  const { [VERSION_KEY]: versionProperty, ...properties } = (json.properties ?? {}) as Record<
    string,
    unknown
  >;
  const required = ((json.required ?? []) as string[]).filter((key) => key !== VERSION_KEY);
  const { $schema, ...rest } = json;
  return {
    $schema,
    ...(title !== undefined && rest.title === undefined ? { title } : {}),
    ...rest,
    properties: { [VERSION_KEY]: versionProperty, ...properties },
    required: [VERSION_KEY, ...required],
  };
}
