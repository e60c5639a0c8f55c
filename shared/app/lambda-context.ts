import { defaultDocumentClient } from '../adapters/dynamodb/client';
import { getParameter, SsmSecretReader, ssmClient } from '../adapters/secrets/ssm-secrets';
import { defaultSesClient, SesMailer } from '../adapters/ses/mailer';
import { parseConfig } from '../config/load';
import { MissingEnvironmentError } from '../errors';
import { createLogger } from '../logging';
import { type AppContext, appContext } from './context';

/** Reads a required variable once, with a clear error when the stack forgot it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new MissingEnvironmentError(`environment variable ${name} is not set`);
  return value;
}

async function readConfigText(): Promise<{ text: string; origin: string }> {
  const parameter = process.env.CONFIG_PARAMETER;
  if (parameter) {
    return { text: (await getParameter(ssmClient(), parameter)) ?? '', origin: `SSM parameter ${parameter}` };
  }
  return { text: requiredEnv('CONFIG_JSON'), origin: 'CONFIG_JSON' };
}

const contexts = new Map<string, Promise<AppContext>>();

/**
 * The AppContext of a Lambda container: config from the SSM parameter (CONFIG_PARAMETER) or
 * CONFIG_JSON, validated once; clients at module scope, reused by every invocation. A bad
 * config fails the invocation with every problem listed (and is not cached).
 */
export function lambdaContext(serviceName: string): Promise<AppContext> {
  let context = contexts.get(serviceName);
  if (!context) {
    context = (async () => {
      const { text, origin } = await readConfigText();
      const config = parseConfig(text, origin);
      const tableName = requiredEnv('TABLE_NAME');
      const db = defaultDocumentClient();
      return {
        ...appContext({
          config,
          db,
          tableName,
          mailer: new SesMailer(defaultSesClient(), config.mailbox),
          secrets: new SsmSecretReader(requiredEnv('SECRETS_PREFIX')),
          logger: createLogger(serviceName),
        }),
      };
    })();
    contexts.set(serviceName, context);
    context.catch(() => contexts.delete(serviceName));
  }
  return context;
}
