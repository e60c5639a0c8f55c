import type { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SecretReader } from '../../domain/ports';
import { NotFoundError } from '../../errors';
import { defaultSsmProvider, readParameter } from '../ssm/client';

/**
 * How long a container keeps a secret before reading it again: a rotated Alma API key or
 * decision-link key reaches warm functions within 15 minutes without a redeploy, for at most
 * four SSM reads an hour per secret (the status check keeps its container warm).
 */
export const SECRET_MAX_AGE_SECONDS = 900;

/** Secrets as SSM SecureString parameters under a prefix (`/alma-accounts/<stage>/<name>`). */
export class SsmSecretReader implements SecretReader {
  constructor(
    private readonly prefix: string,
    private readonly provider: SSMProvider = defaultSsmProvider(),
    private readonly maxAgeSeconds = SECRET_MAX_AGE_SECONDS,
  ) {}

  async get(name: string): Promise<string> {
    try {
      return await readParameter(this.provider, `${this.prefix}/${name}`, this.maxAgeSeconds);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new NotFoundError(`secret "${name}" not found under ${this.prefix}`, { cause: error });
      throw error;
    }
  }
}
