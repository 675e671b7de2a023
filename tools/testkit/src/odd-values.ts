import fc from 'fast-check';

/**
 * Values a caller may pass by mistake that are hard to turn into text: `String()` throws
 * on a null-prototype object or one whose `toString` is not a function, a template
 * literal throws on a symbol, `JSON.stringify` on a BigInt or a cycle. An error message
 * built from any of these must still come out as the package's own error.
 */
export function oddValues(): fc.Arbitrary<unknown> {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  const nullCycle = Object.create(null) as Record<string, unknown>;
  nullCycle.self = nullCycle;
  return fc.oneof(
    fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
    fc.constantFrom<unknown>(
      Symbol('odd'),
      Object.create(null),
      nullCycle,
      cycle,
      { toString: false },
      { toJSON: () => 1n },
      10n,
      () => 1,
      Number.NaN,
      -1,
    ),
  );
}
