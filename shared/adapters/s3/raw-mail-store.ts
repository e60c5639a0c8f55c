import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RawMailStore } from '../../domain/ports';
import { NotFoundError } from '../../errors';
import { defaultS3Client } from './client';

/** Raw inbound mail as the SES S3 action stores it: `<prefix><messageId>`. */
export class S3RawMailStore implements RawMailStore {
  constructor(
    private readonly bucket: string,
    private readonly prefix = 'inbound/',
    private readonly client: S3Client = defaultS3Client(),
  ) {}

  async get(messageId: string): Promise<Uint8Array> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${messageId}` }),
      );
      if (!Body) throw new NotFoundError(`raw mail ${messageId} has no body`);
      return await Body.transformToByteArray();
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey')
        throw new NotFoundError(`raw mail ${messageId} not in the bucket`, { cause: error });
      throw error;
    }
  }

  async put(messageId: string, raw: Uint8Array): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${this.prefix}${messageId}`,
        Body: raw,
        ContentType: 'message/rfc822',
      }),
    );
  }
}
