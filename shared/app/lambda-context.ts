import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { defaultDocumentClient } from '../adapters/dynamodb/client';
import { SsmSecretReader } from '../adapters/secrets/ssm-secrets';
import { defaultSesClient } from '../adapters/ses/client';
import { SesMailer } from '../adapters/ses/mailer';
import { defaultSsmProvider, readParameter } from '../adapters/ssm/client';
import { type Config, parseConfig } from '../config/load';
import type { SecretBox } from '../domain/ports';
import { MissingEnvironmentError } from '../errors';
import { createLogger } from '../logging';
import { type AppContext, appContext } from './context';

/** A variable the stack always sets; a clear error names it when it is missing or empty. */
export function requiredEnv(name: string): string {
  const value = getStringFromEnv({ key: name, defaultValue: '' });
  if (!value) throw new MissingEnvironmentError(`environment variable ${name} is not set`);
  return value;
}

/** A variable with a default. */
export function optionalEnv(name: string, fallback: string): string {
  return getStringFromEnv({ key: name, defaultValue: '' }) || fallback;
}

/** The config from the SSM parameter the stack names (CONFIG_PARAMETER), else CONFIG_JSON (tests, local invokes). */
async function readConfig(): Promise<Config> {
  const parameter = optionalEnv('CONFIG_PARAMETER', '');
  if (parameter) {
    // Read once per container (the context below is built once), so no cache to age.
    return parseConfig(await readParameter(defaultSsmProvider(), parameter, 0), `SSM parameter ${parameter}`);
  }
  if (!optionalEnv('CONFIG_JSON', '')) {
    throw new MissingEnvironmentError('environment variables CONFIG_PARAMETER and CONFIG_JSON are not set');
  }
  return parseConfig(requiredEnv('CONFIG_JSON'), 'CONFIG_JSON');
}

/** Builds the KMS box for the stack's password key: given only by the functions that use it. */
export type PasswordKms = (keyId: string) => SecretBox;

/**
 * The stack's password key (PASSWORD_KEY_ID), set only on the functions granted it: the
 * others get a box that refuses, never the local file key. `kms` comes from the two handlers
 * that seal or open passwords (notices, decision page), so the other bundles carry no KMS client.
 */
export function passwordBox(kms?: PasswordKms): SecretBox {
  const keyId = optionalEnv('PASSWORD_KEY_ID', '');
  if (keyId && kms) return kms(keyId);
  const refuse = async (): Promise<string> => {
    throw new MissingEnvironmentError(
      keyId
        ? 'this function does not seal or open shared-account passwords'
        : 'environment variable PASSWORD_KEY_ID is not set on this function',
    );
  };
  return { seal: refuse, open: refuse };
}

const contexts = new Map<string, Promise<AppContext>>();

/**
 * The AppContext of a Lambda container, built on its first invocation: config validated once,
 * environment read once, SDK clients at module scope reused by every invocation. The logger is
 * the handler's, so every line the use cases log carries the invocation's request id. A bad
 * config fails the invocation with every problem listed, and is not kept.
 */
export function lambdaContext(
  serviceName: string,
  logger: Logger = createLogger(serviceName),
  options: { passwordKms?: PasswordKms } = {},
): Promise<AppContext> {
  let context = contexts.get(serviceName);
  if (!context) {
    context = (async () => {
      const config = await readConfig();
      return {
        ...appContext({
          config,
          db: defaultDocumentClient(),
          tableName: requiredEnv('TABLE_NAME'),
          mailer: new SesMailer(
            defaultSesClient(),
            config.mailbox,
            undefined,
            optionalEnv('SES_CONFIGURATION_SET', '') || undefined,
          ),
          secrets: new SsmSecretReader(requiredEnv('SECRETS_PREFIX')),
          secretBox: passwordBox(options.passwordKms),
          logger,
        }),
      };
    })();
    contexts.set(serviceName, context);
    context.catch(() => contexts.delete(serviceName));
  }
  return context;
}

/** The container's context for one invocation: the same clients, plus the time Lambda leaves it. */
export function forInvocation(
  ctx: AppContext,
  invocation: Pick<Context, 'getRemainingTimeInMillis'>,
): AppContext {
  // Outside Lambda (tests, local invokes) the context may lack the clock; then nothing cuts the run short.
  if (typeof invocation.getRemainingTimeInMillis !== 'function') return ctx;
  return { ...ctx, remainingTimeMs: () => invocation.getRemainingTimeInMillis() };
}
