// `npm start`: runs the service's main job on one machine, against the embedded local stand-ins of AWS.
import { Command, InvalidArgumentError } from 'commander';
import { runJob } from './run-job.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('not a port number');
  return n;
}

const program = new Command()
  .name('npm start --')
  .description(
    'Run the digest job locally: demo subscribers, the sample article, one email per active subscriber',
  )
  .option('--article <location>', 'article to digest: "sample", a file path, or an http(s) URL', 'sample')
  .option('--outbox <dir>', 'where rendered mail is written', 'outbox')
  .option('--fresh', 'wipe local state (.local/) and the outbox first, and start over')
  .option('--dynamo-port <port>', 'port of the local DynamoDB (dynalite)', port, 8000)
  .option('--ses-port <port>', 'port of the local SES (aws-ses-v2-local)', port, 8005)
  .option('--verbose', "print the functions' logs instead of a progress bar")
  .action(
    async (opts: {
      article: string;
      outbox: string;
      fresh?: boolean;
      dynamoPort: number;
      sesPort: number;
      verbose?: boolean;
    }) => {
      const result = await runJob({
        article: opts.article,
        outbox: opts.outbox,
        fresh: opts.fresh ?? false,
        dynamoPort: opts.dynamoPort,
        sesPort: opts.sesPort,
        verbose: opts.verbose ?? false,
      });
      if (!result.ok) process.exitCode = 1;
    },
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
