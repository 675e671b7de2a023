import { show } from './errors.js';
import { isPlainData } from './owned.js';

/**
 * What keeps `value` from being JSON data (`null`, booleans, strings, finite numbers, arrays and
 * plain objects of those), as `<path>: <what>`, or `undefined` when it is JSON data. A property
 * whose value is `undefined` is allowed (JSON leaves it out); `undefined` in an array is not
 * (JSON turns it into `null`). The first problem found is named.
 */
export function jsonProblem(value: unknown, path: string): string | undefined {
  return walk(value, path, new Set());
}

function walk(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path}: ${value}`;
    case 'object':
      break;
    default:
      return `${path}: ${value === undefined ? 'undefined' : `a ${typeof value}`}`;
  }
  if (value === null) return undefined;
  if (!isPlainData(value)) return `${path}: a ${value.constructor?.name ?? 'non-plain object'}`;
  if (ancestors.has(value)) return `${path}: a cycle`;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = walk(value[i], `${path}[${i}]`, ancestors);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const problem = walk(
        item,
        /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${show(key)}]`,
        ancestors,
      );
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}
