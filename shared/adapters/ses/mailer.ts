import { randomUUID } from 'node:crypto';
import type { Mailer, OutgoingMail } from '../../domain/ports';
import { AwsClient, type AwsClientOptions } from '../aws/client';
import { buildMime } from './mime';

export type SesOptions = Partial<Omit<AwsClientOptions, 'service' | 'hostPrefix' | 'endpointId'>>;

/** SES v2 over the small AWS client (endpoint AWS_ENDPOINT_URL_SESV2 locally). */
export function sesClient(options: SesOptions = {}): AwsClient {
  return new AwsClient({
    maxAttempts: 4,
    ...options,
    service: 'ses',
    hostPrefix: 'email',
    endpointId: 'SESV2',
  });
}

/**
 * Sends through SES v2 SendEmail as a raw message, so our own headers (Auto-Submitted,
 * In-Reply-To, References, X-Alma-Accounts-Reference) and attachments go out as built.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: AwsClient,
    private readonly from: string,
    private readonly domain = from.split('@')[1] ?? 'localhost',
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const ownId = `${randomUUID()}@${this.domain}`;
    const raw = await buildMime(mail, this.from, ownId);
    const response = await this.client.send({
      method: 'POST',
      path: '/v2/email/outbound-emails',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: mail.to, CcAddresses: mail.cc?.length ? mail.cc : undefined },
        Content: { Raw: { Data: Buffer.from(raw).toString('base64') } },
      }),
    });
    const { MessageId } = JSON.parse(response.body.toString('utf8') || '{}') as { MessageId?: string };
    return { messageId: MessageId ?? ownId };
  }
}

let shared: AwsClient | undefined;

export function defaultSesClient(): AwsClient {
  shared ??= sesClient();
  return shared;
}
