// The state the checkpoint benchmarks write: one definition, so checkpoint-backends.mjs and
// checkpoint-step-floor.mjs measure exactly the same data.
// State: `{ run, step, items }` with items of ~100 B of JSON (10 items ~ 1 KB, 1000 ~ 100 KB);
// each step changes 1% of the items (at least one), the way a workflow updates a task list.

let seed = 42;

/** Restarts the generator: the same seed gives the same states. */
export function reseed(n) {
  seed = n;
}

const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const word = () =>
  Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
const item = (i) => ({
  id: `task-${String(i).padStart(4, '0')}`,
  status: 'pending',
  attempts: 0,
  note: `${word()} ${word()} ${word()} ${word()}`,
  at: 0,
});

/** A state of `n` items of ~100 B of JSON each (10 items ~ 1 KB, 1000 items ~ 100 KB). */
export const stateOf = (n) => ({
  run: 'bench',
  step: 0,
  items: Array.from({ length: n }, (_, i) => item(i)),
});

/** 1% of the items change (at least one). Returns a new state, the old one untouched. */
export function step(state, k) {
  const items = state.items.slice();
  const changes = Math.max(1, Math.round(items.length / 100));
  for (let c = 0; c < changes; c++) {
    const i = Math.floor(random() * items.length);
    const it = items[i];
    items[i] = {
      ...it,
      status: it.status === 'pending' ? 'running' : 'done',
      attempts: it.attempts + 1,
      at: k,
    };
  }
  return { ...state, step: k, items };
}

/** The two sizes every checkpoint benchmark reports: label and item count. */
export const SIZES = [
  ['1 KB', 10],
  ['100 KB', 1000],
];
