import { packageBuild } from '../../tsup.base.ts';

// Entries: the main one never loads better-sqlite3; `./sqlite` does (optional peer dependency);
// `./workflow` holds seed 002's machines. Code splitting keeps one copy of the shared modules,
// so an error class thrown from any entry is the class users import from the main entry
// (instanceof works everywhere).
export default packageBuild(
  { index: 'src/index.ts', sqlite: 'src/sqlite.ts', workflow: 'src/workflow.ts' },
  { splitting: true },
);
