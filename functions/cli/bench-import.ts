// `npm run bench:import [-- --rows N --bad B --confirmed]`: times `npm run admin -- --local subscribers import` on a
// generated CSV of N rows (10,000 by default), B of them bad in every way the rules know (50 by default), against a
// fresh local state in a temporary folder, exactly as an operator would run it (a child process through the npm
// script). It then runs the import a second time, which must import nothing, exports everyone, which must list
// every imported address, and erases one. It prints each step's wall time and fails when a count is off.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

const ROOT = resolve(import.meta.dirname, '../..');

/** Bad rows of every kind the rules reject, cycled through. */
const BAD_ROWS = [
  'no-at-sign.example.com,Nobody,',
  'two@@example.com,Two,',
  '"spaced out@example.com",Space,',
  'quoted@example.com,"Evil <script>alert(1)</script>",',
  'future@example.com,Future,2999-01-01',
  'baddate@example.com,Date,2024-02-31',
  'ip@[127.0.0.1],IP,',
  'xn--pple-43d@xn--80ak6aa92e.com,Lookalike,',
  'missing-fields@example.com',
  ',No address,',
];

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
}

/** The CSV: `rows` data rows, `bad` of them spread evenly through the file. */
export function benchCsv(rows: number, bad: number): { csv: string; good: string[] } {
  const lines = ['email,name,subscribed_at'];
  const good: string[] = [];
  const every = bad > 0 ? Math.floor(rows / bad) : Number.POSITIVE_INFINITY;
  let badDone = 0;
  for (let i = 0; i < rows; i++) {
    if (badDone < bad && i % every === every - 1) {
      lines.push(BAD_ROWS[badDone % BAD_ROWS.length] as string);
      badDone++;
      continue;
    }
    const email = `reader.${i}@example.com`;
    good.push(email);
    lines.push(`${email},Reader ${i},2024-0${(i % 9) + 1}-1${i % 10}`);
  }
  return { csv: `${lines.join('\n')}\n`, good };
}

interface Run {
  readonly ms: number;
  /** CPU time of the command and every process it started (npm, node, the local stack), in ms. */
  readonly cpuMs: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `npm run admin -- --local ...` as an operator would. Through bash, whose `times` then reports the CPU time
 * of everything it ran: on a machine shared with others, that says more about the command than the wall time.
 */
function admin(dataDir: string, args: string[]): Run {
  const quoted = ['npm', 'run', '-s', 'admin', '--', '--local', '--data-dir', dataDir, ...args]
    .map((a) => `'${a.replaceAll("'", `'\\''`)}'`)
    .join(' ');
  const started = performance.now();
  const out = spawnSync('bash', ['-c', `${quoted}; code=$?; times >&2; exit $code`], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  // `times` prints the shell's own user and system time, then its children's: "0m1.234s 0m0.123s".
  const last = out.stderr.trim().split('\n').at(-1) ?? '';
  const seconds = [...last.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return {
    ms,
    cpuMs: seconds.reduce((a, b) => a + b, 0) * 1000,
    code: out.status ?? -1,
    stdout: out.stdout,
    stderr: out.stderr,
  };
}

const program = new Command()
  .name('npm run bench:import --')
  .option('--rows <n>', 'rows in the file', count, 10_000)
  .option('--bad <n>', 'bad rows among them', count, 50)
  .option('--confirmed', 'import as active (no confirmation emails)')
  .action((opts: { rows: number; bad: number; confirmed?: boolean }) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) failures.push(what);
    };
    try {
      const { csv, good } = benchCsv(opts.rows, opts.bad);
      const file = join(dir, 'subscribers.csv');
      writeFileSync(file, csv);
      const state = join(dir, 'state');
      const mode = opts.confirmed ? ['--confirmed'] : [];
      // Builds the command's cached bundle, so the timed runs measure the import and not a first compile.
      admin(state, ['subscribers', 'export', '--format', 'json']);

      const first = admin(state, ['subscribers', 'import', file, '--json', ...mode]);
      const report = JSON.parse(first.stdout) as { imported: number; rejected: unknown[]; failed: unknown[] };
      check(report.imported === good.length, `imported ${report.imported}, expected ${good.length}`);
      check(report.rejected.length === opts.bad, `rejected ${report.rejected.length}, expected ${opts.bad}`);
      check(report.failed.length === 0, `${report.failed.length} rows failed`);

      const second = admin(state, ['subscribers', 'import', file, '--json', ...mode]);
      const again = JSON.parse(second.stdout) as { imported: number; knownTotal: number };
      check(again.imported === 0, `the second run imported ${again.imported}`);
      check(again.knownTotal === good.length, `the second run knew ${again.knownTotal}`);

      const exported = admin(state, ['subscribers', 'export']);
      const exportedRows = exported.stdout.trim().split('\n').length - 1;
      check(exportedRows === good.length, `export listed ${exportedRows}`);

      const erased = admin(state, ['subscribers', 'delete', good[0] as string, '--yes']);
      check(erased.code === 0, `delete exited ${erased.code}: ${erased.stderr.trim()}`);

      const s = (run: Run) =>
        `${(run.ms / 1000).toFixed(2).padStart(6)} s (cpu ${(run.cpuMs / 1000).toFixed(2).padStart(6)} s)`;
      process.stdout.write(
        [
          `rows ${opts.rows} (${opts.bad} bad), ${opts.confirmed ? 'confirmed (active, no emails)' : 'pending (one confirmation email each)'}; ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)} before`,
          `import        ${s(first)}  imported ${report.imported}, rejected ${report.rejected.length} (exit ${first.code})`,
          `import again  ${s(second)}  imported ${again.imported}, already known ${again.knownTotal}`,
          `export        ${s(exported)}  ${exportedRows} rows`,
          `delete        ${s(erased)}`,
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (failures.length > 0) {
      process.stderr.write(`bench:import failed: ${failures.join('; ')}\n`);
      process.exitCode = 1;
    }
  });

if (process.argv[1]?.endsWith('bench-import.ts')) program.parse(process.argv);
