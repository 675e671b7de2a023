import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type Identity, selfIdentity } from './identity.js';
import { claimHome, layoutFor, newNonce } from './layout.js';
import { removeInstance } from './remove-instance.js';
import { readTokenState } from './token-file.js';
import { Workspace } from './workspace.js';

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const sleepers: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const s of sleepers.splice(0)) s.kill('SIGKILL');
});

/** A lock instance on disk as another process would have left it. */
function setup(opts: { ownerPid: number; token?: number }) {
  const layout = layoutFor(join(tempDir(), 'state.json'));
  const nonce = newNonce();
  mkdirSync(layout.lockPath);
  const owner = { v: 1, nonce, ...selfIdentity(), pid: opts.ownerPid, token: opts.token ?? 3, acquiredAt: 0 };
  writeFileSync(layout.ownerFile, JSON.stringify(owner));
  const ws = new Workspace(layout, newNonce(), selfIdentity());
  const claim = (who: Identity, ageMs = 0) => {
    const file = join(layout.lockPath, `claim.${newNonce()}`);
    writeFileSync(file, JSON.stringify(who));
    const t = new Date(Date.now() - ageMs);
    utimesSync(file, t, t);
    return file;
  };
  const remove = (expect: string | null = nonce, staleMs = 10_000) =>
    removeInstance(ws, { expect, own: false, staleMs, exclude: '', graceMs: 0 });
  return { layout, nonce, ws, claim, remove };
}

describe('single-winner removal of a lock instance', () => {
  it('backs off while another live remover has a claim in the instance, and leaves it intact', async () => {
    const { layout, ws, claim, remove } = setup({ ownerPid: deadPid() });
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    sleepers.push(sleeper);
    const other = claim({ ...selfIdentity(), pid: sleeper.pid!, startTime: null });
    expect(await remove()).toBe('busy');
    expect(existsSync(layout.ownerFile)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(ws.claimHome)).toBe(true); // our claim went back home
    expect(readdirSync(layout.lockPath).filter((n) => n.startsWith('claim.'))).toHaveLength(1);
  });

  it('ignores the claim of a remover that died, and sends it home with the removed instance', async () => {
    const { layout, claim, remove } = setup({ ownerPid: deadPid() });
    const dead = claim({ ...selfIdentity(), pid: deadPid() });
    const poller = dead.slice(dead.lastIndexOf('claim.') + 'claim.'.length);
    expect(await remove()).toBe('removed');
    expect(existsSync(layout.lockPath)).toBe(false);
    expect(existsSync(claimHome(layout, poller))).toBe(true);
  });

  it('ignores a claim from another host once it is older than staleMs', async () => {
    const { layout, claim, remove } = setup({ ownerPid: deadPid() });
    claim({ ...selfIdentity(), hostname: 'elsewhere' }, 60_000);
    expect(await remove()).toBe('removed');
    expect(existsSync(layout.lockPath)).toBe(false);
  });

  it("ignores another host's claim only after the larger of its writer's staleMs and the remover's", async () => {
    const { layout, ws, claim, remove } = setup({ ownerPid: deadPid() });
    const other = claim({ ...selfIdentity(), hostname: 'elsewhere', staleMs: 60_000 } as Identity, 1_000);
    expect(await remove(undefined, 200)).toBe('busy');
    expect(existsSync(other)).toBe(true);
    expect(existsSync(layout.ownerFile)).toBe(true);
    expect(existsSync(ws.claimHome)).toBe(true);
    // a claim written by an earlier version names no staleMs: the remover's own applies
    const { layout: layout2, claim: claim2, remove: remove2 } = setup({ ownerPid: deadPid() });
    claim2({ ...selfIdentity(), hostname: 'elsewhere' }, 1_000);
    expect(await remove2(undefined, 200)).toBe('removed');
    expect(existsSync(layout2.lockPath)).toBe(false);
  });

  it('writes its own staleMs into its claim', async () => {
    const { ws, remove } = setup({ ownerPid: deadPid() });
    expect(await remove(undefined, 4_321)).toBe('removed');
    expect(JSON.parse(readFileSync(ws.claimHome, 'utf8'))).toMatchObject({
      pid: process.pid,
      staleMs: 4_321,
    });
  });

  it('does not remove an instance other than the one judged (it changed in between)', async () => {
    const { layout, ws, remove } = setup({ ownerPid: deadPid() });
    expect(await remove('someone-else')).toBe('mismatch');
    expect(existsSync(layout.ownerFile)).toBe(true);
    expect(readdirSync(layout.lockPath)).toEqual(['owner.json']);
    expect(existsSync(ws.claimHome)).toBe(true);
  });

  it('reports gone when the lock folder is not there any more', async () => {
    const { layout, remove } = setup({ ownerPid: deadPid() });
    await remove();
    expect(await remove()).toBe('gone');
    expect(existsSync(layout.lockPath)).toBe(false);
  });

  it('persists the reaped instance token before it leaves, so the next token is higher', async () => {
    const { layout, remove } = setup({ ownerPid: deadPid(), token: 41 });
    expect(await remove()).toBe('removed');
    expect((await readTokenState(layout)).token).toBe(41);
  });
});
