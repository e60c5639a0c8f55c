import type { RawMailStore } from '../../domain/ports';
import { NotFoundError } from '../../errors';
import { AwsClient, type AwsClientOptions } from '../aws/client';
import { uriEncode } from '../aws/sigv4';

export type S3Options = Partial<Omit<AwsClientOptions, 'service' | 'hostPrefix' | 'endpointId'>>;

/** Object keys as S3 wants them in a path: each segment RFC 3986-encoded, slashes kept. */
function keyPath(key: string): string {
  return `/${key.split('/').map(uriEncode).join('/')}`;
}

/** Raw inbound mail as the SES S3 action stores it: `<prefix><messageId>`. */
export class S3RawMailStore implements RawMailStore {
  private readonly client: AwsClient;
  constructor(
    private readonly bucket: string,
    private readonly prefix = 'inbound/',
    options: S3Options = {},
  ) {
    this.client = new AwsClient({ ...options, service: 's3', hostPrefix: 's3', endpointId: 'S3' });
  }

  async get(messageId: string): Promise<Uint8Array> {
    try {
      const response = await this.client.send({
        method: 'GET',
        bucket: this.bucket,
        path: keyPath(`${this.prefix}${messageId}`),
      });
      return new Uint8Array(response.body);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NoSuchKey' || name === 'NotFound')
        throw new NotFoundError(`raw mail ${messageId} not in the bucket`, { cause: error });
      throw error;
    }
  }

  async put(messageId: string, raw: Uint8Array): Promise<void> {
    await this.client.send({
      method: 'PUT',
      bucket: this.bucket,
      path: keyPath(`${this.prefix}${messageId}`),
      headers: { 'content-type': 'message/rfc822' },
      body: raw,
    });
  }
}
