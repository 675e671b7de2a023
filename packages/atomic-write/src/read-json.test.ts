import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import { CorruptFileError } from './corrupt-file-error.js';
import { NotJsonError } from './not-json-error.js';
import { readJson, readJsonSync } from './read-json.js';
import { writeJsonAtomic, writeJsonAtomicSync } from './write-json.js';

const readers = [
  { name: 'readJson', read: (p: string) => readJson(p) },
  { name: 'readJsonSync', read: async (p: string) => readJsonSync(p) },
];

async function corruptError(p: Promise<unknown>): Promise<CorruptFileError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CorruptFileError);
  return err as CorruptFileError;
}

describe.each(readers)('$name', ({ read }) => {
  it('returns undefined for a missing file', async () => {
    expect(await read(join(scratchDir(), 'missing.json'))).toBeUndefined();
  });

  it('throws ECORRUPT with the path for an empty file', async () => {
    const path = join(scratchDir(), 'empty.json');
    writeFileSync(path, '');
    const err = await corruptError(read(path));
    expect(err).toMatchObject({ code: 'ECORRUPT', path, reason: 'empty', bytes: 0 });
    expect(err.message).toBe(`atomic-write: expected valid JSON in ${path}, found an empty file (0 bytes)`);
  });

  it('throws ECORRUPT for a torn file (a valid document cut short)', async () => {
    const path = join(scratchDir(), 'torn.json');
    writeFileSync(path, JSON.stringify({ items: [1, 2, 3], name: 'x' }).slice(0, 17));
    const err = await corruptError(read(path));
    expect(err).toMatchObject({ code: 'ECORRUPT', path, reason: 'invalid-json', bytes: 17 });
    expect(err.cause).toBeInstanceOf(SyntaxError);
    expect(err.message).toMatch(
      /^atomic-write: expected valid JSON in .*torn\.json, found 17 bytes that do not parse/,
    );
  });

  it('throws ECORRUPT for whitespace only and for bytes that are not UTF-8', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'blank.json'), ' \n');
    writeFileSync(join(dir, 'binary.json'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(await corruptError(read(join(dir, 'blank.json')))).toMatchObject({ reason: 'invalid-json' });
    expect(await corruptError(read(join(dir, 'binary.json')))).toMatchObject({ reason: 'invalid-utf8' });
  });

  it('parses a valid file, also one saved with a byte order mark', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'ok.json'), '{"a":[1,null,"é"]}\n');
    writeFileSync(join(dir, 'bom.json'), '\ufeff{"b":true}');
    expect(await read(join(dir, 'ok.json'))).toEqual({ a: [1, null, 'é'] });
    expect(await read(join(dir, 'bom.json'))).toEqual({ b: true });
  });

  it('passes other read errors through with their fs code', async () => {
    await expect(read(scratchDir())).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('writeJsonAtomic + readJson', () => {
  it('round-trips any JSON value', async () => {
    const path = join(scratchDir(), 'doc.json');
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.boolean(), async (value, sync) => {
        if (sync) writeJsonAtomicSync(path, value, { fsync: false });
        else await writeJsonAtomic(path, value, { fsync: false });
        expect(await readJson(path)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a value JSON cannot represent, naming the path, and writes nothing', async () => {
    const path = join(scratchDir(), 'doc.json');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(writeJsonAtomic(path, undefined)).rejects.toMatchObject({ code: 'ENOTJSON', path });
    expect(() => writeJsonAtomicSync(path, cyclic)).toThrow(NotJsonError);
    expect(() => writeJsonAtomicSync(path, 10n)).toThrow(/atomic-write: expected a JSON-serialisable value/);
    expect(await readJson(path)).toBeUndefined();
  });
});
