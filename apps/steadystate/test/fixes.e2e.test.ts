import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { redisService, serviceSuite } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';
import { dropRedisNamespace, uniqueNamespace } from './redis-cleanup.js';

describe('copy onto itself', () => {
  it('is refused when two SPECs name the same place, and changes nothing', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'a', '1']);
    await box.expectRun(['checkpoint', 'c1']);
    for (const to of ['json:./.steadystate', `json:${box.cwd}/.steadystate`]) {
      const r = await box.expectRun(['copy', '--from', 'json', '--to', to], 64);
      expect(r.stderr).toMatch(/^steadystate: expected --to to differ from --from, found both .*\n$/);
    }
    expect((await box.json<{ revision: number }>(['load', 'a'])).revision).toBe(1);
    await box.expectRun(['--backend', 'sqlite', 'save', 'a', '1']);
    await box.expectRun(['copy', '--from', 'sqlite', '--to', 'sqlite:./.steadystate.db'], 64);
  });
});

describe('a missing store', () => {
  it('read-only commands on a missing SQLite file answer as an empty store and create nothing', async () => {
    const box = sandbox();
    const empty = sandbox();
    const cases = [
      ['prune', '--keep-last', '1', '--dry-run'],
      ['keys'],
      ['checkpoints'],
      ['load', 'k'],
      ['session', 's1'],
      ['batch', 'status', 'b'],
    ];
    for (const args of cases) {
      const r = await box.run(['--file', 'nope3/x.db', ...args]);
      const j = await empty.run(['--dir', 'nope-json', ...args]);
      expect({ code: r.code, stdout: r.stdout }, args.join(' ')).toEqual({ code: j.code, stdout: j.stdout });
    }
    expect(existsSync(join(box.cwd, 'nope3'))).toBe(false);
    expect(existsSync(join(empty.cwd, 'nope-json'))).toBe(false);
  });

  it('delete and pin on a missing json store report not found and create nothing', async () => {
    const box = sandbox();
    const del = await box.expectRun(['delete', 'k'], 4);
    expect(del.stderr).toMatch(/^steadystate: expected key "k" .*found no such key\n$/);
    const pin = await box.expectRun(['pin', 'c'], 4);
    expect(pin.stderr).toMatch(/^steadystate: expected checkpoint "c"/);
    expect(readdirSync(box.cwd)).toEqual([]);
  });
});

describe('small output fixes', () => {
  it('an empty --dir, --file or --url is a usage error', async () => {
    const box = sandbox();
    for (const flag of ['--dir', '--file', '--url']) {
      const r = await box.expectRun([flag, '', 'keys'], 64);
      expect(r.stderr).toMatch(new RegExp(`^steadystate: expected ${flag} to be .*, found an empty string`));
    }
  });

  it('--url must be a valid Redis URL (exit 64), shown without its password', async () => {
    const box = sandbox();
    for (const url of ['http://:s3cret@127.0.0.1:6379', 'redis://:s3cret@127.0.0.1:99999']) {
      const r = await box.expectRun(['--url', url, 'keys'], 64);
      expect(r.stderr).toMatch(/^steadystate: expected --url to /);
      expect(r.stderr).not.toContain('s3cret');
      const e = await box.expectRun(['--backend', 'redis', 'keys'], 64, { env: { STEADYSTATE_URL: url } });
      expect(e.stderr).toMatch(/^steadystate: expected STEADYSTATE_URL to /);
      expect(e.stderr).not.toContain('s3cret');
    }
    const spec = await box.expectRun(
      ['copy', '--from', 'json', '--to', 'redis://:s3cret@127.0.0.1:99999'],
      64,
    );
    expect(spec.stderr).toMatch(/found "redis:\/\/\*\*\*@127\.0\.0\.1:99999"/);
  });

  it('batch status escapes failure reasons and counts items in words', async () => {
    const box = sandbox();
    expect((await box.expectRun(['batch', 'create', 'one', 'x'])).stdout).toBe('Batch one: 1 item\n');
    await box.expectRun(['batch', 'fail', 'one', 'x', 'bad\u001b[31mred\nline']);
    const r = await box.expectRun(['batch', 'status', 'one']);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('bad\\u001b[31mred\\nline');
  });

  it.skipIf(!existsSync('/dev/full'))('a failing stdout is one line on stderr and exit 1', async () => {
    const box = sandbox();
    await box.expectRun(['save', 'k', 'v']);
    const sh = await import('node:child_process');
    const { BIN, CLEAN_ENV } = await import('./helpers.js');
    const r = sh.spawnSync(`"${process.execPath}" "${BIN}" load k >/dev/full`, {
      shell: '/bin/sh',
      cwd: box.cwd,
      env: { ...process.env, ...CLEAN_ENV },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('steadystate: expected to write the output, found ENOSPC\n');
  });
});

await serviceSuite(redisService, 'redis passwords in the query string', (url) => {
  it('init and copy show ?password= as ***', async () => {
    const box = sandbox();
    const ns = uniqueNamespace('redact');
    const withPw = `${url.replace(/\/$/, '')}/0?password=s3cret`;
    try {
      const init = await box.run(['--url', withPw, '--namespace', ns, 'init', '--json']);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toContain('?password=***');
      expect(init.stdout).not.toContain('s3cret');
      await box.expectRun(['save', 'a', '1']);
      const copy = await box.expectRun(['copy', '--from', 'json', '--to', `${withPw}#${ns}`]);
      expect(copy.stdout).toMatch(/^Copied 1 key .*\?password=\*\*\*#/);
      expect(copy.stdout + copy.stderr).not.toContain('s3cret');
    } finally {
      await dropRedisNamespace(url, ns);
    }
  });
});
