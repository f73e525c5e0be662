// `npm run eval -- keypoints|quotes|web FILE.jsonl`: the project's own evaluation of the digest, with the measures
// of ../shared/eval/README.md (ROUGE in rouge-score's conventions beside Lead-3, and the share of key points that
// lean on a sentence the reader never sees; quote P/R/F1 and speaker accuracy; web pages' body F1 beside plain
// Readability and key-point purity).
// `npm run eval -- seed` checks the sample article's quotes against the seed gold when ../shared/eval is present.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { runKeypointsEval } from './eval/keypoints-eval.js';
import { describeErrors, evaluateQuotes, runQuotesEval, runSeedQuoteCheck } from './eval/quotes-eval.js';
import { runWebEval } from './eval/web-eval.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new InvalidArgumentError('expected an integer from 1 to 20');
  return n;
}

const program = new Command()
  .name('npm run eval --')
  .description('Measure the digest against human references')
  .exitOverride()
  .showHelpAfterError();

program
  .command('keypoints')
  .description(
    'ROUGE-1/2/Lsum F1 of the key points and of Lead-N, best over references, averaged over articles, and the share of key points that open with a pronoun or a connective',
  )
  .argument(
    '<file>',
    'JSONL (or .jsonl.gz) with {id, text, title?, references?} or saved pages {id, html, url?}',
  )
  .option('--points <k>', 'key points per article', positiveInt, 3)
  .action(async (file: string, opts: { points: number }) => {
    process.stdout.write(`${await runKeypointsEval(file, { points: opts.points })}\n`);
  });

program
  .command('quotes')
  .description('Quote precision, recall, F1 and named-speaker accuracy')
  .argument('<file>', 'JSONL with {id, text, quotes: [{text, speaker, speakerKind}]}')
  .option('--errors', 'also list every miss, extra and wrong speaker')
  .action(async (file: string, opts: { errors?: boolean }) => {
    process.stdout.write(`${await runQuotesEval(file)}\n`);
    if (opts.errors) process.stdout.write(`\n${describeErrors(evaluateQuotes(file))}\n`);
  });

program
  .command('web')
  .description(
    'Body F1 (the article-extraction benchmark measure) beside plain Readability, key-point purity and speed',
  )
  .argument('<file>', 'JSONL or .jsonl.gz with {id, html, url?, articleBody}')
  .option('--points <k>', 'key points per article', positiveInt, 3)
  .option('--pages', 'also list every page, worst first, with its impure key points')
  .action(async (file: string, opts: { points: number; pages?: boolean }) => {
    process.stdout.write(`${await runWebEval(file, opts)}\n`);
  });

program
  .command('seed')
  .description("The sample article's quotes and speakers against ../shared/eval/seed-gold.json")
  .action(() => {
    const check = runSeedQuoteCheck();
    if (check === null) throw new Error('../shared/eval/seed-gold.json not found beside the project');
    process.stdout.write(`${check.report}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
