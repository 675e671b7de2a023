import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidValueError } from './errors.js';
import { assertJson } from './json-value.js';

const rejects = (value: unknown) => {
  try {
    assertJson(value);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValueError);
    return (error as Error).message;
  }
};

describe('assertJson', () => {
  it('accepts any JSON value, shared (non-cyclic) references included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(rejects(v)).toBeUndefined();
        expect(rejects({ a: v, b: v, list: [v, v] })).toBeUndefined();
      }),
    );
  });

  it('names the place of what is not JSON, however deep', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const withAccessor = Object.defineProperty({}, 'x', { get: () => 1, enumerable: true });
    const cycle: Record<string, unknown> = { list: [] };
    (cycle.list as unknown[]).push({ back: cycle });
    const cases: Array<[unknown, RegExp]> = [
      [{ a: { b: [1, undefined] } }, /\$\.a\.b\[1\].*undefined/],
      [{ 'odd key': Number.NaN }, /\$\["odd key"\].*NaN/],
      [[new Date(0)], /\$\[0\].*Date/],
      [{ s: sparse }, /\$\.s\[1\].*hole/],
      [{ o: withAccessor }, /\$\.o\.x.*accessor/],
      [{ y: { [Symbol('s')]: 1 } }, /\$\.y.*symbol keys/],
      [cycle, /\$\.list\[0\]\.back.*cycle/],
      [{ f: () => 1 }, /\$\.f.*function/],
      [{ n: 10n }, /\$\.n.*bigint/],
    ];
    for (const [value, message] of cases) expect(rejects(value)).toMatch(message);
  });

  it('accepts null-prototype objects and "__proto__" as an own key', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    const proto = JSON.parse('{"__proto__": {"x": 1}}');
    expect(rejects({ bare, proto })).toBeUndefined();
  });
});
