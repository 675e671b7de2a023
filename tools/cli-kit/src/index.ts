export { formatDuration } from './duration.js';
export { createProcessContext, onStdoutError, type ProcessContext } from './process-context.js';
export { exitWith } from './process-exit.js';
export { colors, formatTable, type Style, stripAnsi, visibleLength } from './terminal.js';
