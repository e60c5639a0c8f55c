import { ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm';
import { NotFoundError } from '../../errors';
import { withCallRecorder } from '../sdk-call-recorder';
import { requestTimeouts } from '../sdk-timeouts';

export const SSM_CLIENT_DEFAULTS = {
  maxAttempts: 3,
  ...requestTimeouts(5_000),
} satisfies SSMClientConfig;

/** Powertools' SSM provider (decryption, a cache per container) over an SDK client. */
export function createSsmProvider(config: SSMClientConfig = {}): SSMProvider {
  return new SSMProvider({
    awsSdkV3Client: withCallRecorder(new SSMClient({ ...SSM_CLIENT_DEFAULTS, ...config })),
  });
}

let shared: SSMProvider | undefined;

/** One provider (and its cache) per container, reused across invocations. */
export function defaultSsmProvider(): SSMProvider {
  shared ??= createSsmProvider();
  return shared;
}

/**
 * One parameter's value, decrypted when it is a SecureString, from the provider's cache when
 * read less than `maxAgeSeconds` ago. A missing parameter is a NotFoundError.
 */
export async function readParameter(
  provider: SSMProvider,
  name: string,
  maxAgeSeconds: number,
): Promise<string> {
  try {
    const value = await provider.get(name, { decrypt: true, maxAge: maxAgeSeconds, throwOnMissing: true });
    return value as string;
  } catch (error) {
    if (error instanceof ParameterNotFoundError)
      throw new NotFoundError(`SSM parameter ${name} not found`, { cause: error });
    throw error;
  }
}
