import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, type JsonNode, JsonSyntaxError, member, parseJsonTree } from './json-tree.js';

/** The plain value of a tree. */
function plain(node: JsonNode): unknown {
  if (node.kind === 'object') {
    const out: Record<string, unknown> = {};
    for (const e of node.entries)
      Object.defineProperty(out, e.key, {
        value: plain(e.value),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return out;
  }
  if (node.kind === 'array') return node.items.map(plain);
  return node.value;
}

describe('parseJsonTree', () => {
  it('reads what JSON.parse reads, in any formatting', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, 4, '\t'), (value, space) => {
        const text = JSON.stringify(value, null, space);
        expect(plain(parseJsonTree(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('rejects exactly what JSON.parse rejects', () => {
    const near = fc.oneof(
      fc.string(),
      fc
        .jsonValue()
        .map((v) => JSON.stringify(v, null, 1))
        .chain((t) =>
          fc
            .tuple(fc.nat(t.length), fc.string({ maxLength: 2 }))
            .map(([i, s]) => t.slice(0, i) + s + t.slice(i + 1)),
        ),
    );
    fc.assert(
      fc.property(near, (text) => {
        let native = true;
        try {
          JSON.parse(text);
        } catch {
          native = false;
        }
        let ours = true;
        try {
          parseJsonTree(text);
        } catch (error) {
          expect(error).toBeInstanceOf(JsonSyntaxError);
          ours = false;
        }
        expect(ours).toBe(native);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the offsets of each string token', () => {
    const text = '{\n  "a": [1, "x\\"y"],\n  "b": {"c": "d"}\n}';
    const tree = parseJsonTree(text);
    const items = member(tree, 'a');
    const x = items?.kind === 'array' ? items.items[1] : undefined;
    expect(x && text.slice(x.start, x.end)).toBe('"x\\"y"');
    const c = member(member(tree, 'b'), 'c');
    expect(c && text.slice(c.start, c.end)).toBe('"d"');
  });

  it('reports line and column of the first problem', () => {
    const text = '{\n  "hooks": {\n    "Stop": [,]\n  }\n}';
    try {
      parseJsonTree(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'EJSONSYNTAX', line: 3, column: 14 });
      expect((error as Error).message).toMatch(
        /^guardrails: expected a JSON value at line 3 column 14, found ","/,
      );
    }
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const tree = parseJsonTree('{"a": 1, "a": 2}');
    expect(member(tree, 'a')).toMatchObject({ value: 2 });
  });

  it('skips a byte-order mark', () => {
    expect(plain(parseJsonTree('\uFEFF{"a": true}'))).toEqual({ a: true });
  });
});

describe('applyEdits', () => {
  it('replaces spans in any order and keeps the rest', () => {
    expect(
      applyEdits('0123456789', [
        { start: 7, end: 9, replacement: 'X' },
        { start: 1, end: 2, replacement: 'ab' },
      ]),
    ).toBe('0ab23456X9');
  });
});
