export { formatDuration } from './duration.js';
export { createProcessContext, type ProcessContext } from './process-context.js';
export { exitWith } from './process-exit.js';
export { colors, formatTable, type Style, stripAnsi, visibleLength } from './terminal.js';
