import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, parseProcStat, selfIdentity } from './identity.js';

describe('process identity', () => {
  it('reads state and start time (field 22) even when the command name has spaces and parentheses', () => {
    const fields = ['S', ...Array.from({ length: 18 }, (_, i) => String(i + 4)), '987654', '23', '24'];
    const stat = `4242 (evil) name (x) ${fields.join(' ')}`;
    expect(parseProcStat(stat)).toEqual({ state: 'S', startTime: 987654 });
    expect(parseProcStat('garbage')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('knows its own start time on Linux', () => {
    expect(selfIdentity().startTime).toBeGreaterThan(0);
    expect(selfIdentity().hostKey).toContain('pid:[');
  });

  it('says alive for this process, dead for an exited one and for a reused pid', () => {
    const me = selfIdentity();
    expect(isAlive(me)).toBe(true);
    const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(isAlive({ ...me, pid: exited })).toBe(false);
    if (me.startTime !== null) expect(isAlive({ ...me, pid: process.ppid, startTime: 1 })).toBe(false);
  });

  it('cannot tell for another host or another pid namespace', () => {
    const me = selfIdentity();
    expect(isAlive({ ...me, hostname: `${me.hostname}-other` })).toBeNull();
    expect(isAlive({ ...me, hostKey: 'another-boot/pid:[1]' })).toBeNull();
  });
});
