import type { SecretReader } from '../../domain/ports';
import { NotFoundError } from '../../errors';
import { AwsClient, type AwsClientOptions } from '../aws/client';

export type SsmOptions = Partial<Omit<AwsClientOptions, 'service' | 'hostPrefix' | 'endpointId'>>;

/** SSM over the small AWS client (JSON 1.1 protocol). */
export function ssmClient(options: SsmOptions = {}): AwsClient {
  return new AwsClient({ ...options, service: 'ssm', hostPrefix: 'ssm', endpointId: 'SSM' });
}

/** One parameter's value (decrypted when it is a SecureString). */
export async function getParameter(client: AwsClient, name: string): Promise<string | undefined> {
  const response = await client.send({
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
    body: JSON.stringify({ Name: name, WithDecryption: true }),
  });
  const { Parameter } = JSON.parse(response.body.toString('utf8')) as { Parameter?: { Value?: string } };
  return Parameter?.Value;
}

/**
 * Secrets as SSM SecureString parameters under a prefix (`/alma-accounts/<name>`), read once
 * per container and cached: one SSM call per secret per cold start.
 */
export class SsmSecretReader implements SecretReader {
  private readonly cache = new Map<string, Promise<string>>();
  constructor(
    private readonly prefix: string,
    private readonly client: AwsClient = ssmClient(),
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
      const value = await getParameter(this.client, `${this.prefix}/${name}`);
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
