import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type Line = Record<string, unknown> & { event?: string; pid?: number };

/** Reads a child's stdout as JSON lines; `next(event)` waits for the next line with that event. */
export function jsonLines(child: ChildProcess) {
  const seen: Line[] = [];
  const waiting: Array<{ event: string; resolve: (l: Line) => void }> = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    const i = waiting.findIndex((w) => w.event === line.event);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(line);
    else seen.push(line);
  });
  return {
    next(event: string, timeoutMs = 30_000): Promise<Line> {
      const i = seen.findIndex((l) => l.event === event);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${event}" line within ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiting.push({
          event,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
    send(command: string): void {
      child.stdin?.write(`${command}\n`);
    },
  };
}
