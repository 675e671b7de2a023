export { exitWith } from './process-exit.js';
export { colors, formatTable, type Style, stripAnsi, visibleLength } from './terminal.js';
