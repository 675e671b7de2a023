import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MigrationError } from './migration-error.ts';
import type { Migration } from './options.ts';
import { defineVersioned } from './versioned.ts';

const schema = z.object({ n: z.number() });
const up = (doc: Record<string, unknown>) => doc;
const edge = (from: string, to: string): Migration => ({ from, to, up });

function defineError(version: string, migrations: Migration[], legacyVersion?: string): MigrationError {
  try {
    defineVersioned({
      version,
      schema,
      migrations,
      defaults: () => ({ n: 0 }),
      legacyVersion,
      name: 'config',
    });
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return error as MigrationError;
  }
  throw new Error('expected defineVersioned to throw');
}

describe('define-time checks', () => {
  it('accepts a chain that ends at the current version', () => {
    const v = defineVersioned({
      version: '3.0.0',
      schema,
      migrations: [edge('2.0.0', '3.0.0'), edge('1.0.0', '2.0.0'), edge('0.9.0', '3.0.0')],
      defaults: () => ({ n: 0 }),
    });
    expect(v.version).toBe('3.0.0');
    expect(v.name).toBe('document');
  });

  it('rejects a semver range as a range', () => {
    const err = defineError('2.0.0', [edge('^1.0.0', '2.0.0')]);
    expect(err).toMatchObject({ code: 'EMIGRATION', reason: 'range', from: '^1.0.0', to: '2.0.0' });
    expect(err.message).toMatch(
      /^schema-migration: expected migrations\[0\]\.from to be an exact "x\.y\.z" version, found the range "\^1\.0\.0"/,
    );
    expect(defineError('2.0.0', [edge('1.0.0', '2.x')]).reason).toBe('range');
    expect(defineError('2.0.0', [edge('>=1', '2.0.0')]).reason).toBe('range');
    expect(defineError('^2.0.0', []).reason).toBe('range');
  });

  it('rejects an invalid version', () => {
    const err = defineError('2.0.0', [edge('one', '2.0.0')]);
    expect(err).toMatchObject({ reason: 'invalid-version', from: 'one' });
    expect(defineError('2.0.0-beta', []).reason).toBe('invalid-version');
    expect(defineError('2.0.0', [], 'latest').reason).toBe('invalid-version');
    expect(defineError('2.0.0', [{ from: 1, to: '2.0.0', up } as unknown as Migration]).reason).toBe(
      'invalid-version',
    );
  });

  it('rejects two edges from one version', () => {
    const err = defineError('3.0.0', [
      edge('1.0.0', '2.0.0'),
      edge('2.0.0', '3.0.0'),
      edge('1.0.0', '3.0.0'),
    ]);
    expect(err).toMatchObject({ reason: 'duplicate', from: '1.0.0', to: '3.0.0' });
    expect(err.message).toContain('found 1.0.0 -> 2.0.0 and 1.0.0 -> 3.0.0');
  });

  it('rejects a cycle, naming it', () => {
    const err = defineError('3.0.0', [
      edge('1.0.0', '2.0.0'),
      edge('2.0.0', '1.5.0'),
      edge('1.5.0', '1.0.0'),
    ]);
    expect(err.reason).toBe('cycle');
    expect(err.message).toMatch(/1\.0\.0 -> 2\.0\.0 -> 1\.5\.0 -> 1\.0\.0/);
    expect(defineError('3.0.0', [edge('2.0.0', '2.0.0')]).reason).toBe('cycle');
  });

  it('rejects a downgrade edge', () => {
    const err = defineError('3.0.0', [edge('2.0.0', '3.0.0'), edge('2.5.0', '2.0.0')]);
    expect(err).toMatchObject({ reason: 'downgrade', from: '2.5.0', to: '2.0.0' });
    expect(err.message).toContain('expected migration 2.5.0 -> 2.0.0 to go up');
  });

  it('rejects an edge whose target never reaches the current version (dead end)', () => {
    const stuck = defineError('3.0.0', [edge('1.0.0', '2.0.0'), edge('2.5.0', '3.0.0')]);
    expect(stuck).toMatchObject({ reason: 'gap', from: '1.0.0', to: '2.0.0' });
    expect(stuck.message).toContain('it stops at 2.0.0, which no migration leaves');
    const past = defineError('3.0.0', [edge('2.0.0', '3.0.0'), edge('3.0.0', '4.0.0')]);
    expect(past).toMatchObject({ reason: 'gap', from: '3.0.0', to: '4.0.0' });
    expect(past.message).toContain('past the current version');
  });

  it('checks legacyVersion against the graph', () => {
    expect(defineError('3.0.0', [edge('2.0.0', '3.0.0')], '1.0.0')).toMatchObject({
      reason: 'gap',
      from: '1.0.0',
    });
    expect(defineError('3.0.0', [], '4.0.0')).toMatchObject({ reason: 'newer', from: '4.0.0' });
  });
});
