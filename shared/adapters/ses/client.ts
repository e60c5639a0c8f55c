import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { withCallRecorder } from '../sdk-call-recorder';
import { requestTimeouts } from '../sdk-timeouts';

/**
 * SES API v2: one API for raw and simple messages (SES v1 is the legacy API), and what
 * aws-ses-v2-local serves locally (AWS_ENDPOINT_URL_SESV2). A send that SES has not answered
 * in 10 s is retried by the SDK; SES throttling (sending rate) is retried with its backoff.
 */
export const SES_CLIENT_DEFAULTS = {
  maxAttempts: 4,
  ...requestTimeouts(10_000),
} satisfies SESv2ClientConfig;

export function createSesClient(config: SESv2ClientConfig = {}): SESv2Client {
  return withCallRecorder(new SESv2Client({ ...SES_CLIENT_DEFAULTS, ...config }));
}

let shared: SESv2Client | undefined;

/** One SES client per container, reused across invocations. */
export function defaultSesClient(): SESv2Client {
  shared ??= createSesClient();
  return shared;
}
