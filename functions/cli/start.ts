// `npm start`: runs the service's main job on one machine, against the embedded local stand-ins of AWS.
import { Command } from 'commander';
import { runJob } from './run-job.js';

const program = new Command()
  .name('npm start --')
  .description('Run the digest job locally on the sample article')
  .option('--article <location>', 'article to digest (file path, URL or -)', 'samples/sample-article.txt')
  .option('--outbox <dir>', 'where rendered mail is written', 'outbox')
  .action(async (opts: { article: string; outbox: string }) => {
    await runJob({ article: opts.article, outbox: opts.outbox });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
