// The app synthesised the way `cdk synth` does it: real esbuild bundling (the local esbuild, no Docker) and the
// cdk-nag plugin. (CDK's CloudFormation schema validation is left to `npm run synth`: it costs ten seconds.) Proves that each function bundles as ESM with its
// source map and a copy of `templates/`, and that each bundle loads in Node with the environment the stack gives.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { PROJECT_ROOT } from '../../infra/service-function.js';
import { CDK_JSON_CONTEXT, EXAMPLE_SETTINGS } from './harness.js';

type Template = {
  Resources: Record<
    string,
    { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }
  >;
};

/** Stand-ins for the values CloudFormation fills in at deploy time. */
const DEPLOY_TIME_VALUES: Record<string, string> = {
  TABLE_NAME: 'DigestMailer-Table',
  QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/DigestMailer-DeliveryQueue',
  ARTICLE_BUCKET: 'digestmailer-articlebucket',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:TokenSecret-AbCdEf',
  CONFIGURATION_SET: 'ConfigurationSet-AbCdEf',
  SITE_URL: 'https://abcdef1234.execute-api.eu-west-1.amazonaws.com',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => relative(dir, join(dir, f)))
    .sort();
}

describe('cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'digest-mailer-synth-'));
  let template: Template;

  beforeAll(() => {
    const app = new App({
      outdir,
      analyticsReporting: false,
      builtinCloudFormationValidation: false,
      context: { ...CDK_JSON_CONTEXT, ...EXAMPLE_SETTINGS },
    });
    buildApp(app);
    // Throws on an unacknowledged cdk-nag finding, as `cdk synth` fails.
    const assembly = app.synth();
    template = assembly.getStackByName('DigestMailer').template as Template;
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const functions = () => Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  /** The staged bundle of a function: the cloud assembly keeps it as `asset.<hash>` for S3 key `<hash>.zip`. */
  const assetDir = (fn: Template['Resources'][string]) =>
    join(outdir, `asset.${(fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);

  it('writes a validation report with no violations', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[] }[];
    };

    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  it('bundles each function as one ESM file with its source map and the templates directory', () => {
    const templates = filesUnder(join(PROJECT_ROOT, 'templates'));

    expect(functions()).toHaveLength(4);
    for (const fn of functions()) {
      const asset = assetDir(fn);
      const files = filesUnder(asset);

      expect(files).toEqual(
        ['index.mjs', 'index.mjs.map', ...templates.map((t) => join('templates', t))].sort(),
      );
      expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).toMatch(
        /^import \{ createRequire \} from 'node:module';/,
      );
    }
  });

  it('gives bundles that load in Node and export handler, with the environment the stack sets', async () => {
    const saved = { ...process.env };
    try {
      for (const fn of functions()) {
        const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        for (const [key, value] of Object.entries(env)) {
          process.env[key] = typeof value === 'string' ? value : DEPLOY_TIME_VALUES[key];
        }
        Object.assign(process.env, {
          // In Lambda the bundle sits at /var/task; here the templates are beside the bundle's own index.mjs.
          TEMPLATES_DIR: join(assetDir(fn), 'templates'),
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        });
        const entry = join(assetDir(fn), 'index.mjs');

        const module = (await import(pathToFileURL(entry).href)) as { handler?: unknown };

        expect(typeof module.handler, entry).toBe('function');
      }
    } finally {
      process.env = saved;
    }
    // Loads four bundled functions of about 1 MB each: 8 s alone, past the default 30 s on a busy machine.
  }, 120_000);
});
