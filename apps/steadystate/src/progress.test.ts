import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressBar, renderBar } from './progress.js';

function sink() {
  const out = { text: '' };
  const stream = new Writable({
    write(chunk, _e, cb) {
      out.text += chunk.toString();
      cb();
    },
  });
  return { out, stream };
}

describe('progress bar', () => {
  it('renders the fraction done', () => {
    expect(renderBar(0, 10, 10)).toBe('[..........]   0%  0/10');
    expect(renderBar(5, 10, 10)).toBe('[#####.....]  50%  5/10');
    expect(renderBar(10, 10, 10)).toBe('[##########] 100%  10/10');
    expect(renderBar(0, 0, 4)).toBe('[####] 100%  0/0');
  });

  it('draws at most every 100 ms (always the last step) and clears the line at the end', () => {
    const { out, stream } = sink();
    let t = 0;
    const bar = progressBar(stream, true, 'copying', { now: () => t, delayMs: 0 });
    bar.onProgress(1, 4);
    t = 50;
    bar.onProgress(2, 4);
    t = 150;
    bar.onProgress(3, 4);
    t = 160;
    bar.onProgress(4, 4);
    bar.finish();
    const frames = out.text.split('\r').filter(Boolean);
    expect(frames.map((f) => f.replace(/^copying \[[#.]+\]\s+/, ''))).toEqual([
      '25%  1/4',
      '75%  3/4',
      '100%  4/4',
      '\u001b[2K',
    ]);
  });

  it('draws nothing for a copy that ends before the delay', () => {
    const { out, stream } = sink();
    let t = 0;
    const bar = progressBar(stream, true, 'copying', { now: () => t });
    bar.onProgress(1, 2);
    t = 200;
    bar.onProgress(2, 2);
    bar.finish();
    expect(out.text).toBe('');
  });

  it('writes nothing when disabled (not a terminal, or --json)', () => {
    const { out, stream } = sink();
    const bar = progressBar(stream, false, 'copying');
    bar.onProgress(1, 2);
    bar.finish();
    expect(out.text).toBe('');
  });
});
