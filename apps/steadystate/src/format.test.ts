import { describe, expect, it } from 'vitest';
import { formatCheckpoint, oneLineText } from './format.js';

describe('oneLineText', () => {
  it('writes line breaks, tabs, escapes and bidi overrides as escapes, and keeps the rest', () => {
    expect(oneLineText('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(oneLineText('red \u001b[31m!')).toBe('red \\u001b[31m!');
    expect(oneLineText('x\u202ey\u2028z\u0085')).toBe('x\\u202ey\\u2028z\\u0085');
    expect(oneLineText('ü ✓ 😀 "quoted" \\ plain')).toBe('ü ✓ 😀 "quoted" \\ plain');
  });
});

describe('formatCheckpoint', () => {
  const info = { name: 'cp', createdAt: 0, keys: 2, bytes: 68, pinned: false };
  it('adds a Notes line only when the checkpoint has notes', () => {
    expect(formatCheckpoint(info)).toBe('cp (2 keys, 68 B)');
    expect(formatCheckpoint({ ...info, notes: 'why\nnow' })).toBe('cp (2 keys, 68 B)\nNotes: why\\nnow');
  });
});
