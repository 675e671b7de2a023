export { colors, formatTable, type Style, stripAnsi, visibleLength } from './terminal.js';
