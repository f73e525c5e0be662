// Builds the stack the way `cdk synth` does (cdk.json's feature flags and context), minus asset bundling, for
// the infrastructure tests; and small readers over the synthesised template. Each app synthesises into its own
// folder under one temp dir per test file, removed when the file's tests are done (CDK's default, a new
// `cdk.out*` folder in the system temp dir per synth, was never removed).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { EXAMPLE_SETTINGS, resolveSettings, type SettingsInput } from '../../infra/config.js';
import { DigestMailerStack, type DigestMailerStackProps } from '../../infra/digest-mailer-stack.js';
import { PROJECT_ROOT } from '../../infra/service-function.js';

export { EXAMPLE_SETTINGS };

export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8'),
).context;

export interface BuildOptions {
  readonly settings?: SettingsInput;
  readonly props?: Omit<Partial<DigestMailerStackProps>, 'settings'>;
  /** Run esbuild for real (slow): only the bundling test does. */
  readonly bundle?: boolean;
  /** Run CDK's built-in CloudFormation schema validation at synth (several seconds): only the full-synth test does. */
  readonly cfnValidation?: boolean;
  /** Construct id (and so name) of the stack. Default: `DigestMailer`. */
  readonly stackId?: string;
  /** Where the app synthesises; the caller removes it. Default: a folder that `removeOutdirs` removes. */
  readonly outdir?: string;
}

let outdirRoot: string | undefined;

/** A fresh folder for one app's cloud assembly, under this test file's temp dir. */
function newOutdir(): string {
  outdirRoot ??= mkdtempSync(join(tmpdir(), 'digest-mailer-infra-'));
  return mkdtempSync(join(outdirRoot, 'cdk.out-'));
}

/** Removes every folder `buildStack` synthesised into; runs after each test file that imports the harness. */
export function removeOutdirs(): void {
  if (outdirRoot) rmSync(outdirRoot, { recursive: true, force: true });
  outdirRoot = undefined;
}
// Registered when a test file imports the harness, so every infra test file cleans up without remembering to.
afterAll(removeOutdirs);

export function buildStack(options: BuildOptions = {}) {
  const app = new App({
    outdir: options.outdir ?? newOutdir(),
    analyticsReporting: false,
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new DigestMailerStack(app, options.stackId ?? 'DigestMailer', {
    settings: resolveSettings({ ...EXAMPLE_SETTINGS, ...options.settings }),
    ...options.props,
  });
  let template: Template | undefined;
  return {
    app,
    stack,
    /** Synthesised on first use: tests that only walk the construct tree skip the synth. */
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

export type Resource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };

/** The one resource of a type whose logical id starts with `prefix` (logical ids derive from construct ids). */
export function resourceByPrefix(template: Template, type: string, prefix: string): [string, Resource] {
  const matches = Object.entries(template.findResources(type) as Record<string, Resource>).filter(([id]) =>
    id.startsWith(prefix),
  );
  if (matches.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${matches.length}`);
  return matches[0] as [string, Resource];
}

/** Environment variables of a function: `digest`, `deliver`, `subscriptions` or `sesEvents`. */
export function functionEnv(template: Template, name: string): Record<string, unknown> {
  const id = `${name[0]?.toUpperCase()}${name.slice(1)}Function`;
  const [, fn] = resourceByPrefix(template, 'AWS::Lambda::Function', id);
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Every statement of the inline policies attached to a role whose logical id starts with `rolePrefix`. */
export function roleStatements(template: Template, rolePrefix: string): Statement[] {
  const [roleId] = resourceByPrefix(template, 'AWS::IAM::Role', rolePrefix);
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, Resource>,
  ).filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId));
  return policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

export const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
