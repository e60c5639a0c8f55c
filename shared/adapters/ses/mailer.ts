import { randomUUID } from 'node:crypto';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../domain/ports';
import { buildMime } from './mime';

/**
 * Sends through SES v2 SendEmail as a raw message, so our own headers (Auto-Submitted,
 * In-Reply-To, References, X-Alma-Accounts-Reference) and attachments go out as built. With a
 * configuration set, every message names it: SES publishes its bounces and complaints to the
 * set's topic (the ses-feedback function).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly domain = from.split('@')[1] ?? 'localhost',
    private readonly configurationSetName?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const ownId = `${randomUUID()}@${this.domain}`;
    const raw = await buildMime(mail, this.from, ownId);
    const { MessageId } = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: mail.to, CcAddresses: mail.cc?.length ? mail.cc : undefined },
        Content: { Raw: { Data: raw } },
        ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
      }),
    );
    return { messageId: MessageId ?? ownId };
  }
}
