import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../test/settings-samples.js';
import { planInstall } from './hook-plan.js';
import { unifiedDiff } from './settings-diff.js';
import { parseSettings } from './settings-file.js';

describe('unifiedDiff', () => {
  it('shows each changed line once, before and after, at its line number', () => {
    const doc = parseSettings('s.json', SAMPLES.full);
    const plan = planInstall(doc, { bin: 'guardrails' });
    const diff = unifiedDiff('.claude/settings.json', doc.text, plan.edits);
    const before = doc.text.split('\n');
    const after = plan.text.split('\n');
    const lines = diff.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['--- .claude/settings.json', '+++ .claude/settings.json']);
    const hunks = lines.slice(2);
    expect(hunks).toHaveLength(plan.changes.length * 3);
    for (let i = 0; i < hunks.length; i += 3) {
      const n = Number(/^@@ -(\d+) \+\1 @@$/.exec(hunks[i] as string)?.[1]);
      expect(hunks[i + 1]).toBe(`-${before[n - 1]}`);
      expect(hunks[i + 2]).toBe(`+${after[n - 1]}`);
    }
  });

  it('puts two edits on one line into one hunk', () => {
    const text = '{"a": "x", "b": "y"}';
    const diff = unifiedDiff('f', text, [
      { start: 6, end: 9, replacement: '"1"' },
      { start: 16, end: 19, replacement: '"2"' },
    ]);
    expect(diff).toBe('--- f\n+++ f\n@@ -1 +1 @@\n-{"a": "x", "b": "y"}\n+{"a": "1", "b": "2"}\n');
  });

  it('is empty when nothing changes', () => {
    expect(unifiedDiff('f', '{}', [])).toBe('');
  });
});
