// `npm run admin -- (--local | --stack NAME) <command>`: the operator's command, parsed with commander. runAdmin
// takes the arguments and the streams and returns the exit code, so tests run it in process; main.ts is the
// process around it. Every failure ends as one line on standard error (errors.ts lists the exit codes).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type DeployedStackClients, StackError } from '../../adapters/deployed-stack.js';
import { ImportFileError } from '../../subscribers/import-file.js';
import { AdminError, EXIT } from './errors.js';
import { type ExportFormat, runExport } from './export-command.js';
import { runImport } from './import-command.js';
import type { AdminIo } from './io.js';
import { runIssueShow, runIssuesList, runIssuesReindex } from './issue-commands.js';
import { runDelete, runShow } from './subscriber-commands.js';
import { type AdminTarget, openLocalTarget, openStackTarget } from './target.js';

export interface AdminDeps {
  /** Opens the target the options name; tests may open one on their own stack. */
  readonly openTarget?: (where: TargetChoice) => Promise<AdminTarget>;
  /** CloudFormation and Secrets Manager clients for --stack (tests pass stand-ins). */
  readonly stackClients?: DeployedStackClients;
  readonly now?: () => Date;
  /** Interrupts an import as Ctrl+C does (tests); Ctrl+C itself when left out. */
  readonly signal?: AbortSignal;
}

export type TargetChoice =
  | { readonly kind: 'local'; readonly dataDir: string }
  | { readonly kind: 'stack'; readonly name: string; readonly region?: string };

interface GlobalOptions {
  local?: boolean;
  stack?: string;
  region?: string;
  dataDir: string;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function positiveInteger(value: string): number {
  const n = positiveNumber(value);
  if (!Number.isInteger(n) || n > 256)
    throw new InvalidArgumentError('expected a whole number from 1 to 256');
  return n;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

function choiceOf(g: GlobalOptions): TargetChoice {
  if (g.local && g.stack !== undefined) {
    throw new AdminError('choose one of --local and --stack NAME, not both', EXIT.usage);
  }
  if (g.local) return { kind: 'local', dataDir: g.dataDir };
  if (g.stack !== undefined) {
    if (!STACK_NAME.test(g.stack))
      throw new AdminError(`not a stack name: ${JSON.stringify(g.stack.slice(0, 60))}`, EXIT.usage);
    return { kind: 'stack', name: g.stack, ...(g.region ? { region: g.region } : {}) };
  }
  throw new AdminError(
    'say where: --local (the stack npm start keeps in .local/) or --stack NAME',
    EXIT.usage,
  );
}

/** Runs the admin command; resolves to the exit code. */
export async function runAdmin(argv: readonly string[], io: AdminIo, deps: AdminDeps = {}): Promise<number> {
  const now = deps.now ?? (() => new Date());
  let code: number = EXIT.ok;
  const open =
    deps.openTarget ??
    ((where: TargetChoice) =>
      where.kind === 'local'
        ? openLocalTarget(where.dataDir)
        : openStackTarget(where.name, {
            ...(where.region ? { region: where.region } : {}),
            ...(deps.stackClients ? { clients: deps.stackClients } : {}),
          }));

  /** Opens the target, runs `work` on it, and closes it whatever happens. */
  const withTarget = async (command: Command, work: (target: AdminTarget) => Promise<number>) => {
    const target = await open(choiceOf(command.optsWithGlobals<GlobalOptions>()));
    try {
      code = await work(target);
    } finally {
      await target.close();
    }
  };

  const program = new Command()
    .name('npm run admin --')
    .description('Operate a digest mailer: import, export and erase subscribers; read how each issue went')
    .option('--local', 'work on the local stack that npm start keeps (started on demand)')
    .option('--stack <name>', 'work on the deployed stack NAME, read with your AWS credentials')
    .option('--region <region>', 'with --stack: its AWS region (default: AWS_REGION or your profile)')
    .option('--data-dir <dir>', 'with --local: where local state is kept', '.local')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.split('\n')[0]?.concat('\n') ?? s),
    })
    .showSuggestionAfterError();

  const subscribers = program
    .command('subscribers')
    .description('import, export, show and erase subscribers');
  subscribers
    .command('import')
    .description(
      'add the subscribers of a CSV file (header row; email column; optional name and subscribed_at)',
    )
    .argument('<file>', 'the CSV file (UTF-8, at most 50 MB)')
    .option('--confirmed', 'make them active at once: you hold their consent (recorded as its source)')
    .option(
      '--send-rate <n>',
      'confirmation emails per second (default: the stack maxSendRate)',
      positiveNumber,
    )
    .option('--concurrency <n>', 'writes in flight at once', positiveInteger, 16)
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        opts: { confirmed?: boolean; sendRate?: number; concurrency: number; json?: boolean },
        command: Command,
      ) => {
        await withTarget(command, (target) =>
          runImport(
            target,
            {
              file,
              confirmed: opts.confirmed ?? false,
              ...(opts.sendRate ? { sendRate: opts.sendRate } : {}),
              concurrency: opts.concurrency,
              json: opts.json ?? false,
              ...(deps.signal ? { signal: deps.signal } : {}),
            },
            io,
            now(),
          ),
        );
      },
    );
  subscribers
    .command('export')
    .description('everyone, in every state, with their dates, to standard output')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
    .action(async (opts: { format: ExportFormat }, command: Command) => {
      await withTarget(command, async (target) => {
        await runExport(target, opts.format, io.stdout);
        return EXIT.ok;
      });
    });
  subscribers
    .command('show')
    .description('everything held about one address, and every issue sent to it')
    .argument('<email>')
    .option('--json', 'print it as JSON')
    .action(async (email: string, opts: { json?: boolean }, command: Command) => {
      await withTarget(command, (target) => runShow(target, email, opts.json ?? false, io));
    });
  subscribers
    .command('delete')
    .description('erase one subscriber and every send record naming them (a keyed hash keeps a suppression)')
    .argument('<email>')
    .option('--yes', 'do not ask first')
    .option('--json', 'print the report as JSON')
    .action(async (email: string, opts: { yes?: boolean; json?: boolean }, command: Command) => {
      await withTarget(command, (target) =>
        runDelete(target, email, { yes: opts.yes ?? false, json: opts.json ?? false }, io, now()),
      );
    });

  const issues = program.command('issues').description('how each issue went');
  issues
    .command('list')
    .description('every issue, newest first, with its counts')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withTarget(command, (target) => runIssuesList(target, opts.json ?? false, io));
    });
  issues
    .command('reindex')
    .description(
      'list the issues begun before issues were indexed (one scan of the table; once, after upgrading)',
    )
    .action(async (_opts: unknown, command: Command) => {
      await withTarget(command, (target) => runIssuesReindex(target, io));
    });
  issues
    .command('show')
    .description('one issue: its counts, and who failed, was skipped or is ambiguous, and why')
    .argument('<id>')
    .option('--json', 'print it as JSON')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      await withTarget(command, (target) => runIssueShow(target, id, opts.json ?? false, io));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander has already written its one-line error otherwise.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr.write(`error: ${oneLine(error)}\n`);
    return error instanceof AdminError ? error.exitCode : EXIT.failed;
  }
}

/** One line for any failure: our own errors as they are, anything else by name and message. */
function oneLine(error: unknown): string {
  if (error instanceof AdminError || error instanceof ImportFileError || error instanceof StackError) {
    return error.message;
  }
  const e = error as { name?: string; message?: string };
  const text = `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}`;
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
