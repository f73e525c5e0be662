// The digest CLI as a real process (spawned sparingly: start-up is slow on shared cores): the npm script the
// evaluation calls writes only JSON lines to stdout, bad input is one line on stderr with exit 1, and a pipe
// closed early is not an error.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe('digest CLI process', () => {
  it('npm run --silent digest -- --batch writes only JSON lines to stdout', () => {
    const input = [
      JSON.stringify({ id: 'one', text: 'Headline one\n\nFirst body sentence. Second body sentence.' }),
      'not json',
      JSON.stringify({ id: 'three', title: 'Three', text: 'Body “with a quote,” said Ann Lee.' }),
    ].join('\n');

    const result = spawnSync('npm', ['run', '--silent', 'digest', '--', '--batch', '-', '--points', '3'], {
      input,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['one', null, 'three']);
    expect(result.stderr).toBe('batch: 1 of 3 lines could not be digested (see their "error")\n');
  });

  it('a binary file exits 1 with one line on stderr and no stack trace', () => {
    const result = spawnSync('node', ['--import', 'tsx', 'functions/cli/digest.ts', '/bin/ls'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: /bin/ls is not text (it looks like an executable)\n');
  });

  it('a reader that closes the pipe early ends the run quietly', () => {
    // 300 KB of output, more than a pipe holds: the writer meets EPIPE once head has gone.
    const script = [
      'set -o pipefail',
      `yes '{"id":1,"text":"Storm hits the coast\\n\\nThe storm reached the coast on Monday night."}' | head -n 5000 |`,
      'node --import tsx functions/cli/digest.ts --batch - | head -n 1',
    ].join('\n');

    const result = spawnSync('bash', ['-c', script], { env, encoding: 'utf8', timeout: 60_000 });

    expect(result.stdout).toBe(
      '{"id":1,"title":"Storm hits the coast","body":"The storm reached the coast on Monday night.","keyPoints":["The storm reached the coast on Monday night."],"keyPointSources":[{"start":0,"end":44,"edits":[]}],"quotes":[]}\n',
    );
    expect(result.stderr).toBe('');
  });
});
