// The token signing secret: from AWS Secrets Manager through Powertools Parameters (cached across invocations)
// when TOKEN_SECRET_ARN is set, otherwise from TOKEN_SECRET (local runs and tests).
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigError } from './config.js';

const CACHE_SECONDS = 300;

export async function getTokenSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const arn = env.TOKEN_SECRET_ARN;
  if (arn) {
    const value = await getSecret(arn, { maxAge: CACHE_SECONDS });
    if (typeof value !== 'string' || value.length < 16)
      throw new ConfigError('token secret is missing or too short');
    return value;
  }
  const local = env.TOKEN_SECRET;
  if (!local || local.length < 16) {
    throw new ConfigError('set TOKEN_SECRET_ARN (AWS) or TOKEN_SECRET of 16+ characters (local)');
  }
  return local;
}
