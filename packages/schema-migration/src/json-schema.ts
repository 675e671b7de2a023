import * as z from 'zod/v4/core';
import { VERSION_KEY } from './run-migrations.ts';

/**
 * The JSON Schema (draft 2020-12) of the document as stored: the zod schema's
 * input side (what parse accepts, so fields with a default are optional) plus
 * a required `schemaVersion` whose `const` is the current version, listed first.
 * Types JSON cannot express (Date, bigint, ...) become `{}` rather than failing.
 */
export function onDiskJsonSchema(
  schema: z.$ZodObject,
  version: string,
  title: string | undefined,
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { id: _id, $schema, properties = {}, required = [], ...rest } = inlineRoot(json);
  const versionProperty = {
    type: 'string',
    const: version,
    description: 'The schema version this document was written with. Managed by the program; do not edit.',
  };
  return {
    $schema,
    ...(title !== undefined && rest.title === undefined ? { title } : {}),
    ...rest,
    properties: { [VERSION_KEY]: versionProperty, ...(properties as Record<string, unknown>) },
    required: [VERSION_KEY, ...(required as string[]).filter((key) => key !== VERSION_KEY)],
  };
}

/**
 * A root schema registered with an `id` comes out as `{ $ref: '#/$defs/<id>', $defs }`;
 * editors want the document's own properties at the top, so the root is inlined.
 */
function inlineRoot(json: Record<string, unknown>): Record<string, unknown> {
  const ref = json.$ref;
  const defs = json.$defs as Record<string, Record<string, unknown>> | undefined;
  if (typeof ref !== 'string' || !defs || !ref.startsWith('#/$defs/')) return json;
  const key = ref.slice('#/$defs/'.length);
  const { [key]: root, ...otherDefs } = defs;
  if (!root) return json;
  const { $ref: _ref, $defs: _defs, ...top } = json;
  return { ...top, ...root, ...(Object.keys(otherDefs).length > 0 ? { $defs: otherDefs } : {}) };
}
