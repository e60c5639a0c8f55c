import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { withCallRecorder } from '../sdk-call-recorder';
import { requestTimeouts } from '../sdk-timeouts';

/** A raw mail is at most 10 MiB (limits.maxMailBytes): 15 s is slow, not stuck. */
export const S3_CLIENT_DEFAULTS = {
  maxAttempts: 3,
  ...requestTimeouts(15_000),
} satisfies S3ClientConfig;

export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return withCallRecorder(new S3Client({ ...S3_CLIENT_DEFAULTS, ...config }));
}

let shared: S3Client | undefined;

/** One S3 client per container, reused across invocations (endpoint AWS_ENDPOINT_URL_S3 locally). */
export function defaultS3Client(): S3Client {
  shared ??= createS3Client();
  return shared;
}
