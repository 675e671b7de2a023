import type { Database, Statement } from 'better-sqlite3';
import type { BlobKey } from './blob-key.js';

export interface EntryRow {
  key: string;
  value: string;
  rev: number;
  updated_at: number;
}

export interface ManifestRow {
  name: string;
  created_at: number;
  keys: number;
  bytes: number;
  pinned: number;
  notes: string | null;
}

/** Every statement the backend runs, prepared once per connection. */
export function prepareStatements(db: Database) {
  return {
    // a snapshot's transaction spans an await (the encoder), so it is driven by hand
    begin: db.prepare('BEGIN IMMEDIATE') as Statement<[]>,
    commit: db.prepare('COMMIT') as Statement<[]>,
    rollback: db.prepare('ROLLBACK') as Statement<[]>,
    getEntry: db.prepare(
      'SELECT key, value, rev, updated_at FROM entries WHERE ns = ? AND key = ?',
    ) as Statement<[string, string], EntryRow>,
    getRev: db.prepare('SELECT rev FROM entries WHERE ns = ? AND key = ?').pluck() as Statement<
      [string, string],
      number
    >,
    upsertEntry: db.prepare(
      `INSERT INTO entries (ns, key, value, rev, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, rev = excluded.rev, updated_at = excluded.updated_at`,
    ) as Statement<[string, string, string, number, number]>,
    deleteEntry: db.prepare('DELETE FROM entries WHERE ns = ? AND key = ?') as Statement<[string, string]>,
    listKeys: db.prepare('SELECT key FROM entries WHERE ns = ?').pluck() as Statement<[string], string>,
    keyRevs: db.prepare('SELECT key, rev FROM entries WHERE ns = ?') as Statement<
      [string],
      { key: string; rev: number }
    >,
    allEntries: db.prepare('SELECT key, value, rev, updated_at FROM entries WHERE ns = ?') as Statement<
      [string],
      EntryRow
    >,
    otherEntries: db.prepare(
      'SELECT key, value, rev, updated_at FROM entries WHERE ns = ? AND key <> ?',
    ) as Statement<[string, string], EntryRow>,
    blobId: db.prepare('SELECT id FROM blob_keys WHERE ns = ? AND hash = ?').pluck() as Statement<
      [string, BlobKey],
      number
    >,
    insertBlob: db.prepare('INSERT INTO blobs (bytes) VALUES (?)') as Statement<[Buffer]>,
    insertBlobKey: db.prepare('INSERT INTO blob_keys (ns, hash, id) VALUES (?, ?, ?)') as Statement<
      [string, BlobKey, number | bigint]
    >,
    getBlob: db
      .prepare('SELECT b.bytes FROM blob_keys k JOIN blobs b ON b.id = k.id WHERE k.ns = ? AND k.hash = ?')
      .pluck() as Statement<[string, BlobKey], Buffer>,
    blobSizes: db.prepare(
      'SELECT k.hash AS hash, k.id AS id, length(b.bytes) AS size FROM blob_keys k JOIN blobs b ON b.id = k.id WHERE k.ns = ?',
    ) as Statement<[string], { hash: BlobKey; id: number; size: number }>,
    deleteBlobKey: db.prepare('DELETE FROM blob_keys WHERE ns = ? AND hash = ?') as Statement<
      [string, BlobKey]
    >,
    deleteBlob: db.prepare('DELETE FROM blobs WHERE id = ?') as Statement<[number]>,
    putManifest: db.prepare(
      `INSERT OR REPLACE INTO manifests (ns, name, created_at, keys, bytes, pinned, notes, manifest)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    ) as Statement<[string, string, number, number, number, string | null, string]>,
    // a default name (`suffixIfTaken`): never replaces; the free name was checked in the same transaction
    insertManifest: db.prepare(
      `INSERT INTO manifests (ns, name, created_at, keys, bytes, pinned, notes, manifest)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    ) as Statement<[string, string, number, number, number, string | null, string]>,
    hasManifest: db.prepare('SELECT 1 FROM manifests WHERE ns = ? AND name = ?').pluck() as Statement<
      [string, string],
      number
    >,
    listManifests: db.prepare(
      'SELECT name, created_at, keys, bytes, pinned, notes FROM manifests WHERE ns = ?',
    ) as Statement<[string], ManifestRow>,
    getManifest: db.prepare('SELECT manifest FROM manifests WHERE ns = ? AND name = ?').pluck() as Statement<
      [string, string],
      string
    >,
    allManifests: db.prepare('SELECT manifest FROM manifests WHERE ns = ?').pluck() as Statement<
      [string],
      string
    >,
    deleteManifest: db.prepare('DELETE FROM manifests WHERE ns = ? AND name = ?') as Statement<
      [string, string]
    >,
    deleteManifestAt: db.prepare(
      'DELETE FROM manifests WHERE ns = ? AND name = ? AND created_at = ?',
    ) as Statement<[string, string, number]>,
    setPinned: db.prepare('UPDATE manifests SET pinned = ? WHERE ns = ? AND name = ?') as Statement<
      [number, string, string]
    >,
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (ns, key, value) VALUES (?, ?, ?)') as Statement<
      [string, string, string]
    >,
    getMeta: db.prepare('SELECT value FROM meta WHERE ns = ? AND key = ?').pluck() as Statement<
      [string, string],
      string
    >,
    deleteMeta: db.prepare('DELETE FROM meta WHERE ns = ? AND key = ?') as Statement<[string, string]>,
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
