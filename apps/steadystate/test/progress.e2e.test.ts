import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { copyNamespace, JsonBackend, StateManager } from '@steadystate/checkpoint';
import { describe, expect, it } from 'vitest';
import { BIN, sandbox } from './helpers.js';

/** `script` (util-linux) gives the bin a terminal, so it draws its progress bar. */
function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `node BIN ...args` on a pseudo-terminal in `cwd`; resolves with everything it printed. */
function runOnTerminal(cwd: string, env: NodeJS.ProcessEnv, args: string[]) {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.runIf(process.platform === 'linux')('the copy progress bar on a terminal', () => {
  it('advances while the keys are copied, not only at the end', { timeout: 120_000 }, async () => {
    expect(hasScript(), 'the test needs util-linux "script" to give the bin a terminal').toBe(true);
    const box = sandbox();
    // 10,000 keys in ./.steadystate, written in one step (the bin reads them one by one)
    const memory = await StateManager.open({ backend: 'memory', namespace: 'default' });
    for (let i = 0; i < 10_000; i++) await memory.save(`k${i}`, { i });
    await memory.checkpoint('c1');
    const json = await StateManager.open({
      backend: new JsonBackend({ dir: join(box.cwd, '.steadystate'), fsync: false }),
      namespace: 'default',
    });
    await copyNamespace(memory, json);
    await json.close();

    const r = await runOnTerminal(box.cwd, box.env, ['copy', '--from', 'json:', '--to', 'sqlite:']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('Copied 10000 keys and 1 checkpoint from json:.steadystate#default');
    const frames = [...r.output.matchAll(/copying \[[#.]+\]\s+\d+%\s+(\d+)\/(\d+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    // every frame counts keys and checkpoints; some are drawn halfway through the keys
    expect(frames.length, r.output).toBeGreaterThan(0);
    for (const [, total] of frames) expect(total).toBe(10_001);
    const between = frames.filter(([done]) => (done as number) > 1 && (done as number) < 10_001);
    expect(between.length, JSON.stringify(frames)).toBeGreaterThan(0);
    const dones = frames.map(([d]) => d as number);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
    // the bar is cleared before the summary
    expect(r.output).toContain('\r\u001b[2KCopied ');
  });
});
