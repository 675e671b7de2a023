// How the checkpoint benchmarks drive LangGraph.js's SqliteSaver: the state as the one channel
// of a new checkpoint per step, in thread "bench", as a graph run would store it.
import { emptyCheckpoint, uuid6 } from '@langchain/langgraph-checkpoint';

/** The thread every benchmark writes to and reads back (`getTuple(THREAD)`: its latest checkpoint). */
export const THREAD = { configurable: { thread_id: 'bench', checkpoint_ns: '' } };

/** `saver.put` of `state` as step `i` after `config` (THREAD at first); returns the next config. */
export function putState(saver, config, state, i) {
  const checkpoint = {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: { state },
    channel_versions: { state: i + 1 },
  };
  return saver.put(config, checkpoint, { source: 'loop', step: i, parents: {} }, { state: i + 1 });
}
