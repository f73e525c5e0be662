// CDK app entry point (`cdk synth`, `cdk deploy`): builds the app from the `-c` context flags, and turns a bad
// setting into one clear message and exit code 1 instead of a stack trace.
import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.js';
import { InfraConfigError } from './config.js';

try {
  buildApp(new App());
} catch (error) {
  if (!(error instanceof InfraConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
