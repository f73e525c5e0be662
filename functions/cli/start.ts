// `npm start`: runs the service's main job on one machine, against the embedded local stand-ins of AWS.
// `npm start -- --event JSON|FILE` hands the digest function that event instead and prints its result as JSON.
// `npm start -- --serve` serves the subscription pages and API instead, until stopped.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readEventOption, runJob } from './run-job.js';
import { serveUntilStopped } from './serve.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535)
    throw new InvalidArgumentError('expected a port number, 0 to 65535');
  return n;
}

const program = new Command()
  .name('npm start --')
  .description(
    'Run the digest job locally: demo subscribers, the sample article, one email per active subscriber',
  )
  .option(
    '--article <location>',
    'article to digest: "sample", a file path, or an http(s) URL; or a feed there (an issue of its new stories)',
    'sample',
  )
  .addOption(
    new Option(
      '--event <json|file>',
      'run the digest function with this event (JSON, or a JSON file) and print its result as JSON',
    ).conflicts(['article', 'serve']),
  )
  .option('--outbox <dir>', 'where rendered mail is written', 'outbox')
  .option('--fresh', 'delete the local state and the outbox that npm start made, and start over')
  .option('--verbose', "print the functions' logs instead of a progress bar")
  .option('--serve', 'serve the subscription pages and API with local DynamoDB and SES until stopped')
  .option(
    '--port <n>',
    'port of the pages and API (--serve); links in mail point to it, or to the running --serve',
    port,
    3000,
  )
  .option('--dynamo-port <n>', 'port of the local DynamoDB (dynalite)', port, 8000)
  .option('--ses-port <n>', 'port of the local SES and its mail viewer', port, 8005)
  .option('--data-dir <dir>', 'where local state is kept', '.local')
  .action(
    async (opts: {
      article: string;
      event?: string;
      outbox: string;
      fresh?: boolean;
      verbose?: boolean;
      serve?: boolean;
      port: number;
      dynamoPort: number;
      sesPort: number;
      dataDir: string;
    }) => {
      if (opts.serve) {
        await serveUntilStopped({
          port: opts.port,
          dynamoPort: opts.dynamoPort,
          sesPort: opts.sesPort,
          dataDir: opts.dataDir,
        });
        return;
      }
      const result = await runJob({
        article: opts.article,
        outbox: opts.outbox,
        fresh: opts.fresh ?? false,
        dynamoPort: opts.dynamoPort,
        sesPort: opts.sesPort,
        dataDir: opts.dataDir,
        verbose: opts.verbose ?? false,
        sitePort: opts.port,
        // With --event, standard output carries the handler's result alone (for jq and scripts); the report goes
        // to standard error.
        ...(opts.event !== undefined
          ? { event: readEventOption(opts.event), out: process.stderr, result: process.stdout }
          : {}),
      });
      if (!result.ok) process.exitCode = 1;
    },
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
