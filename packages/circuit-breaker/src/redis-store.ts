import type { Redis } from 'ioredis';
import { InvalidRecordError, StoreUnavailableError } from './errors.js';
import { type BreakerRecord, parseRecord } from './record.js';
import {
  ReadyGate,
  type RedisStoreOptions,
  type ResolvedRedisStoreOptions,
  resolveRedisStoreOptions,
} from './redis/connection.js';
import { CAS_SCRIPT, LIST_SCRIPT } from './redis/scripts.js';
import type { BreakerStore, StoreTotals, UpdateFn } from './store.js';

/** The two Lua commands the store defines on its client. */
interface ScriptedRedis {
  steadystateBreakerCas(
    recordKey: string,
    namespaceKey: string,
    expectedRev: string,
    json: string,
    name: string,
    executions: string,
    failures: string,
    updatedAt: string,
    deadline: string,
  ): Promise<number>;
  steadystateBreakerList(namespaceKey: string, recordPrefix: string): Promise<string[]>;
}

/** Carries an error thrown by the caller's update function past the store's error wrapping. */
class CallerError {
  constructor(readonly error: unknown) {}
}

/** A compare-and-set kept losing to other writers. */
class ContentionError extends Error {
  constructor(attempts: number) {
    super(`the record changed under ${attempts} consecutive compare-and-set attempts`);
    this.name = 'ContentionError';
  }
}

/** The call's deadline passed before its compare-and-set could land: nothing was written. */
class DeadlineError extends Error {
  constructor(where: string) {
    super(`the call's deadline passed ${where}; nothing was written`);
    this.name = 'DeadlineError';
  }
}

/** `CAS_SCRIPT`'s answer when Redis ran it after the call's deadline. */
const PAST_DEADLINE = -2;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Breaker records in Redis, shared by every process and machine using the same namespace.
 *
 * `update(name, fn)` is optimistic: read the record and its revision, apply `fn` (the pure
 * breaker core) in this process, then a Lua script writes only if the revision is unchanged,
 * updating the totals in the same step; on a conflict it retries after a short jittered
 * backoff, a bounded number of times. Every call is bounded by `timeoutMs`: a server that is
 * down or silent gives `StoreUnavailableError`.
 *
 * A call that has reported `StoreUnavailableError` never writes afterwards (its caller, told the
 * store is down, runs unguarded and reports nothing): no compare-and-set starts once the deadline
 * has passed, and the script itself refuses to write when Redis runs it after the deadline (a
 * command queued behind `CLIENT PAUSE`, a slow server, a resend after a reconnect). The deadline
 * is handed to Redis on Redis' own clock (its `TIME`, read along with the record), so a client
 * clock set apart from the server's moves it neither way.
 */
export class RedisStore implements BreakerStore {
  readonly namespace: string;
  readonly #opts: ResolvedRedisStoreOptions;
  readonly #redis: Redis & ScriptedRedis;
  readonly #ready: ReadyGate;
  readonly #label: string;
  #closed = false;

  constructor(opts?: RedisStoreOptions) {
    this.#opts = resolveRedisStoreOptions(opts);
    this.namespace = this.#opts.namespace;
    this.#label = `redis ${this.namespace}`;
    const client = this.#opts.client;
    client.defineCommand('steadystateBreakerCas', { numberOfKeys: 2, lua: CAS_SCRIPT });
    client.defineCommand('steadystateBreakerList', { numberOfKeys: 1, lua: LIST_SCRIPT, readOnly: true });
    this.#redis = client as Redis & ScriptedRedis;
    this.#ready = new ReadyGate(client, this.#opts.owned);
  }

  /** The key of a breaker's record. */
  keyOf(name: string): string {
    return `${this.namespace}:${name}`;
  }

  update<R>(name: string, fn: UpdateFn<R>): Promise<R> {
    return this.#bounded(`update ${JSON.stringify(name)}`, async (deadline) => {
      const key = this.keyOf(name);
      // the deadline on Redis' clock: its TIME when read, plus what was left of the budget once
      // the answer arrived (the earliest instant it can stand for: never later than our deadline)
      let serverDeadline = '';
      for (let attempt = 1; ; attempt++) {
        let fields: Array<string | null>;
        if (serverDeadline === '') {
          const [read, time] = await Promise.all([
            this.#redis.hmget(key, 'record', 'rev'),
            this.#redis.time(),
          ]);
          const serverNow = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
          serverDeadline = String(serverNow + (deadline - Date.now()));
          fields = read;
        } else {
          fields = await this.#redis.hmget(key, 'record', 'rev');
        }
        const [json = null, rev = null] = fields;
        const current = json === null ? undefined : decode(json, name);
        let out: ReturnType<UpdateFn<R>>;
        try {
          out = fn(current);
        } catch (error) {
          throw new CallerError(error);
        }
        const next = out.record;
        if (next === current) return out.result;
        const nextJson = next === undefined ? '' : JSON.stringify(next);
        if (nextJson === (json ?? '')) return out.result;
        // past the deadline the caller has been told the store is unavailable: do not write
        if (Date.now() >= deadline) throw new DeadlineError('before the compare-and-set');
        const written = await this.#redis.steadystateBreakerCas(
          key,
          this.namespace,
          rev ?? '0',
          nextJson,
          name,
          String(growth(current?.lifetime.executions, next?.lifetime.executions)),
          String(growth(current?.lifetime.failures, next?.lifetime.failures)),
          next === undefined ? '' : String(next.updatedAt),
          serverDeadline,
        );
        if (written >= 0) return out.result;
        if (written === PAST_DEADLINE) throw new DeadlineError('before Redis ran the compare-and-set');
        if (attempt >= this.#opts.maxAttempts) throw new ContentionError(attempt);
        // jittered backoff growing to ~25 ms: writers that collided spread out
        const wait = Math.random() * Math.min(25, 2 ** Math.min(attempt, 5));
        if (Date.now() + wait >= deadline) throw new ContentionError(attempt);
        await sleep(wait);
      }
    });
  }

  get(name: string): Promise<BreakerRecord | undefined> {
    return this.#bounded(`get ${JSON.stringify(name)}`, async () => {
      const json = await this.#redis.hget(this.keyOf(name), 'record');
      return json === null ? undefined : decode(json, name);
    });
  }

  list(): Promise<Array<[string, BreakerRecord]>> {
    return this.#bounded('list', async () => {
      const flat = await this.#redis.steadystateBreakerList(this.namespace, `${this.namespace}:`);
      const out: Array<[string, BreakerRecord]> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const name = flat[i]!;
        out.push([name, decode(flat[i + 1]!, name)]);
      }
      return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    });
  }

  totals(): Promise<StoreTotals> {
    return this.#bounded('read totals', async () => {
      const [executions = null, failures = null, last = null] = await this.#redis.hmget(
        this.namespace,
        'totalExecutions',
        'totalFailures',
        'lastUpdated',
      );
      return {
        totalExecutions: Number(executions ?? 0),
        totalFailures: Number(failures ?? 0),
        lastUpdated: last === null ? null : Number(last),
      };
    });
  }

  /** Closes the client the store created (a `client` passed in is left open). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#opts.owned) return;
    const client = this.#opts.client;
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }

  /** Runs `work` once the client is ready, all within `timeoutMs`; store failures become StoreUnavailableError. */
  async #bounded<T>(operation: string, work: (deadline: number) => Promise<T>): Promise<T> {
    const { timeoutMs } = this.#opts;
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      if (this.#closed) throw new Error('the store was closed');
      return await Promise.race([this.#ready.wait().then(() => work(deadline)), expired]);
    } catch (error) {
      if (error instanceof CallerError) throw error.error;
      if (isRecordError(error)) throw error;
      throw new StoreUnavailableError(this.#label, operation, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A record that is not a BreakerRecord keeps its own error (EINVALIDRECORD): Redis answered. */
function isRecordError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EINVALIDRECORD';
}

/** A stored record: JSON of a BreakerRecord, else InvalidRecordError. */
function decode(json: string, name: string): BreakerRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidRecordError(name, [`not JSON: ${json.slice(0, 40)}`], { cause: error });
  }
  return parseRecord(raw, name);
}

function growth(before: number | undefined, after: number | undefined): number {
  return after === undefined ? 0 : Math.max(0, after - (before ?? 0));
}
