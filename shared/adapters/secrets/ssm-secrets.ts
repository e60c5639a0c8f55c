import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SecretReader } from '../../domain/ports';
import { NotFoundError } from '../../errors';

/**
 * Secrets as SSM SecureString parameters under a prefix (`/alma-accounts/<name>`), read once
 * per container and cached: one SSM call per secret per cold start.
 */
export class SsmSecretReader implements SecretReader {
  private readonly cache = new Map<string, Promise<string>>();
  constructor(
    private readonly prefix: string,
    private readonly client: SSMClient = new SSMClient({}),
  ) {}

  get(name: string): Promise<string> {
    let value = this.cache.get(name);
    if (!value) {
      value = this.fetch(name);
      this.cache.set(name, value);
      value.catch(() => this.cache.delete(name));
    }
    return value;
  }

  private async fetch(name: string): Promise<string> {
    try {
      const result = await this.client.send(
        new GetParameterCommand({ Name: `${this.prefix}/${name}`, WithDecryption: true }),
      );
      const value = result.Parameter?.Value;
      if (value === undefined) throw new NotFoundError(`secret "${name}" has no value`);
      return value;
    } catch (error) {
      if ((error as Error).name === 'ParameterNotFound') {
        throw new NotFoundError(`secret "${name}" not found under ${this.prefix}`, { cause: error });
      }
      throw error;
    }
  }
}
