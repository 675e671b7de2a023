import { describe, expect, it } from 'vitest';
import { timeInState } from './time-in-state.js';

const h = (seq: number, from: string, to: string, at: number) => ({ seq, from, to, event: 'E', at });

describe('timeInState', () => {
  it('sums every stay, ignores self-transitions, counts the current stay up to now', () => {
    const history = [h(1, 'A', 'B', 10), h(2, 'B', 'B', 15), h(3, 'B', 'C', 30), h(4, 'C', 'B', 50)];
    expect(timeInState(history, 'B', 70)).toBe(20 + 20);
    expect(timeInState(history, 'C', 70)).toBe(20);
    expect(timeInState(history, 'B', 40)).toBe(20); // `now` before the last entry adds nothing negative
  });

  it('does not count the initial state before the first transition', () => {
    expect(timeInState([h(1, 'A', 'B', 10)], 'A', 99)).toBe(0);
    expect(timeInState([], 'A', 99)).toBe(0);
  });
});
