import { describe, expect, it } from 'vitest';
import { compareVersions, isExactVersion, parseVersion, versionKind } from './semver.ts';

describe('semver', () => {
  it('parses exact versions only', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3 });
    expect(parseVersion('0.0.0')).toEqual({ major: 0, minor: 0, patch: 0 });
    for (const bad of [
      '1.2',
      '01.2.3',
      '1.2.3-beta.1',
      '1.2.3+build',
      'v1.2.3',
      ' 1.2.3',
      '1.2.3.4',
      '',
      3,
    ]) {
      expect(parseVersion(bad)).toBeUndefined();
    }
    expect(parseVersion('99999999999999999999.0.0')).toBeUndefined();
  });

  it('tells ranges from garbage', () => {
    for (const range of [
      '^1.0.0',
      '~1.2',
      '1.x',
      '1.2.x',
      '1',
      '1.2',
      '>=1',
      '<2.0.0',
      '*',
      'x',
      '1.0.0 - 2.0.0',
      '1 || 2',
    ]) {
      expect(versionKind(range), range).toBe('range');
    }
    for (const bad of ['abc', '1.2.3-rc', 'v1.2.3', '', '1..2', undefined, null, 7]) {
      expect(versionKind(bad), String(bad)).toBe('invalid');
    }
    expect(versionKind('10.20.30')).toBe('exact');
    expect(isExactVersion('10.20.30')).toBe(true);
  });

  it('orders numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0', '10.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.9', '1.0.10')).toBeLessThan(0);
    expect(compareVersions('3.1.4', '3.1.4')).toBe(0);
    expect(() => compareVersions('1.x', '1.0.0')).toThrow(/schema-migration: expected two exact/);
  });
});
