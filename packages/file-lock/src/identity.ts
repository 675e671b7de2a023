import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who a process is, precisely enough to tell "dead" from "pid reused". */
export interface Identity {
  pid: number;
  hostname: string;
  /**
   * Linux: `<boot id>/<pid namespace>`. Two processes can compare pids only when
   * this matches (same kernel boot, same pid namespace); `null` elsewhere.
   */
  hostKey: string | null;
  /** Linux: start time in clock ticks since boot, /proc/<pid>/stat field 22; `null` elsewhere. */
  startTime: number | null;
}

export interface ProcStat {
  state: string;
  startTime: number;
}

/**
 * Parses /proc/<pid>/stat. Field 2 (comm) is in parentheses and may itself
 * contain spaces and parentheses, so fields are counted after the LAST ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' '); // fields[0] is field 3 (state)
  const state = fields[0];
  const startTime = Number(fields[22 - 3]);
  if (!state || !Number.isSafeInteger(startTime)) return null;
  return { state, startTime };
}

/** /proc/<pid>/stat of a process, or `null` when it does not exist (or this is not Linux). */
export function readProcStat(pid: number): ProcStat | null {
  if (process.platform !== 'linux') return null;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function readHostKey(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const ns = readlinkSync('/proc/self/ns/pid');
    return `${boot}/${ns}`;
  } catch {
    return null;
  }
}

let self: Identity | undefined;

/** This process (computed once; a fork gets its own module state). */
export function selfIdentity(): Identity {
  if (!self || self.pid !== process.pid) {
    self = {
      pid: process.pid,
      hostname: hostname(),
      hostKey: readHostKey(),
      startTime: readProcStat(process.pid)?.startTime ?? null,
    };
  }
  return self;
}

/**
 * Is the process described by `who` alive? `true` / `false` when it runs on this
 * host (same hostname and, on Linux, same boot and pid namespace); `null` when
 * that cannot be known (another host or container): only staleness applies then.
 */
export function isAlive(who: Identity, me: Identity = selfIdentity()): boolean | null {
  if (who.hostname !== me.hostname || who.hostKey !== me.hostKey) return null;
  if (who.pid === me.pid) return who.startTime === me.startTime;
  try {
    process.kill(who.pid, 0);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code !== 'EPERM') return null; // EPERM: exists, owned by another user
  }
  if (who.startTime === null || me.startTime === null) return true;
  const stat = readProcStat(who.pid);
  if (!stat) return false; // exited between the two checks
  if (stat.state === 'Z' || stat.state === 'X') return false; // zombie: dead, not yet reaped
  return stat.startTime === who.startTime; // different start time: the pid was reused
}
