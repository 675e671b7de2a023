/**
 * An actor's context and history entries are values nobody else can change: what an actor holds
 * is deeply frozen, and what comes from outside (an initial context, a resumed snapshot, an
 * object an action took from an event) is copied before it is frozen, so the caller's objects
 * are never frozen and never shared.
 */

/** Plain objects and arrays this module froze; everything reachable from them is frozen too. */
const OWNED = new WeakSet<object>();

/** A plain object (prototype `Object.prototype` or `null`) or an array: what is copied and frozen. */
export function isPlainData(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every plain object and array copied and frozen, sharing the parts that are owned
 * already (so an action that spreads the previous context costs only the objects it made).
 * Other objects (a `Date`, a `Map`, a class instance) are kept as they are: a snapshot refuses them.
 * Cost: the plain objects and arrays not owned yet, not the whole value.
 */
export function owned<T>(value: T): T {
  return copy(value, new Map()) as T;
}

function copy(value: unknown, seen: Map<object, object>): unknown {
  if (!isPlainData(value) || OWNED.has(value)) return value;
  const done = seen.get(value);
  if (done !== undefined) return done; // a cycle: the copy is frozen once its fields are filled
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copy(item, seen));
    return own(out);
  }
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    const item = copy(value[key], seen);
    // JSON.parse makes "__proto__" an own key; assigning it would set the copy's prototype instead
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return own(out);
}

function own<T extends object>(value: T): T {
  OWNED.add(Object.freeze(value));
  return value;
}

/** A frozen copy of a history entry's five fields. */
export function ownedEntry<T extends { seq: number; from: string; to: string; event: string; at: number }>(
  entry: T,
): T {
  const { seq, from, to, event, at } = entry;
  return Object.freeze({ seq, from, to, event, at }) as T;
}
