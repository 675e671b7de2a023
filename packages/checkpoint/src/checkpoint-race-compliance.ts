import { describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { type MakeManager, T, use } from './compliance-kit.js';
import { StateManager } from './state-manager.js';

/** `backend`, with its `deleteManifests` held until `release()`: `reached` resolves once a call waits. */
function holdDeletes(backend: Backend) {
  let release = () => {};
  let onReached = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    onReached = resolve;
  });
  const proxy = new Proxy(backend, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      if (prop !== 'deleteManifests') return value.bind(target);
      return async (...args: unknown[]) => {
        onReached();
        await held;
        return value.apply(target, args);
      };
    },
  });
  return { backend: proxy, reached, release };
}

/**
 * The concurrency half of the checkpoint cases: managers on one store (other processes, when
 * the factory gives `another`) taking, replacing and pruning checkpoints at the same time.
 */
export function checkpointRaceCompliance(makeManager: MakeManager): void {
  describe('checkpoints taken and pruned concurrently', () => {
    it('managers taking unnamed checkpoints at the same instant get one checkpoint each', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock, peers) => {
        // three managers, each with its own idea of which names it took (the suite's peers,
        // or, for a factory without `another`, managers sharing m's backend object)
        const own: StateManager[] = [];
        const managers = await Promise.all(
          (await peers(3)).map(async (p) => {
            if (p !== m) return p;
            const fresh = await StateManager.open({ backend: m.backend, namespace: m.namespace, clock });
            own.push(fresh);
            return fresh;
          }),
        );
        const [a, b, c] = managers;
        await m.save('k', 'start');
        const base = `cp-${new Date(clock.now()).toISOString()}`;
        const taken = await Promise.all([
          a!.checkpoint(undefined, { notes: 'a' }),
          b!.checkpoint(undefined, { notes: 'b' }),
          c!.save('k', 'c', { checkpoint: true, notes: 'c' }).then((r) => r.checkpoint),
        ]);
        // same time, so one of them got the name and the others -2 and -3, none replaced
        expect(taken.map((i) => i.name).sort()).toEqual([base, `${base}-2`, `${base}-3`]);
        expect(taken.every((i) => i.createdAt === clock.now())).toBe(true);
        const listed = await m.listCheckpoints();
        expect(listed).toHaveLength(3);
        for (const info of taken) expect(listed.find((l) => l.name === info.name)).toEqual(info);
        expect(listed.map((l) => l.notes).sort()).toEqual(['a', 'b', 'c']);
        // the save-and-checkpoint one holds its own save
        expect((await m.readCheckpoint(taken[2]!.name)).get('k')).toBe('c');
        // a name given by the caller still replaces
        const replaced = await a!.checkpoint(base, { notes: 'again' });
        expect(replaced.name).toBe(base);
        const after = await m.listCheckpoints();
        expect(after.map((l) => l.name).sort()).toEqual([base, `${base}-2`, `${base}-3`]);
        expect(after.find((l) => l.name === base)).toEqual(replaced);
        for (const extra of own) await extra.close();
      });
    });

    it('prune deletes what it planned: a checkpoint taken again under a removed name meanwhile stays', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock, peers) => {
        const [other] = await peers(1);
        const big = (tag: string) => ({ tag, text: `${tag} `.repeat(800) });
        await m.save('phase', big('one'));
        await m.checkpoint('slot');
        clock.advance(1000);
        await m.save('phase', big('two'));
        await m.checkpoint('other');
        clock.advance(1000);
        // a manager that pauses between its plan and its deletes
        const held = holdDeletes(m.backend);
        const pruner = await StateManager.open({ backend: held.backend, namespace: m.namespace, clock });
        try {
          const pruning = pruner.prune({ keepLast: 1 }); // plans: keep "other", remove "slot"
          await held.reached;
          await other!.save('phase', big('three'));
          const again = await other!.checkpoint('slot'); // now the newest
          held.release();
          const result = await pruning;
          expect(result.remove).toEqual(['slot']);
          expect((await m.listCheckpoints()).map((c) => [c.name, c.createdAt])).toEqual([
            ['other', clock.now() - 1000],
            ['slot', again.createdAt],
          ]);
          expect((await m.readCheckpoint('slot')).get('phase')).toEqual(big('three'));
          expect((await m.readCheckpoint('other')).get('phase')).toEqual(big('two'));
        } finally {
          held.release();
          await pruner.close();
        }
      });
    });

    it('deleteManifests deletes by name, and with a createdAt only while it still matches', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock) => {
        const { backend, namespace: ns } = m;
        const first = await m.checkpoint('a');
        await m.checkpoint('b');
        clock.advance(1000);
        const second = await m.checkpoint('a'); // replaced: a new createdAt
        expect(await backend.deleteManifests(ns, [{ name: 'a', createdAt: first.createdAt }])).toBe(0);
        expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['b', 'a']);
        expect(await backend.deleteManifests(ns, [{ name: 'missing', createdAt: 1 }, 'missing'])).toBe(0);
        expect(await backend.deleteManifests(ns, [{ name: 'a', createdAt: second.createdAt }, 'b'])).toBe(2);
        expect(await m.listCheckpoints()).toEqual([]);
        expect(await backend.deleteManifests(ns, [])).toBe(0);
      });
    });
  });
}
