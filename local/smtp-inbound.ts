import { SMTPServer } from 'smtp-server';
import type { AppContext } from '../shared/app/context';
import { ingestRawMail } from '../shared/app/inbound/ingest-raw-mail';
import type { IngestResult } from '../shared/app/inbound/ingest-result';
import type { RawMailStore } from '../shared/domain/ports';

/**
 * Loopback deliveries stand in for SES inbound, which checks SPF/DKIM/DMARC and scans the mail,
 * then prepends its own Authentication-Results. Here SPF passes for the SMTP envelope's sender
 * (MAIL FROM) and nothing else: the sender rule then trusts the From only when that envelope
 * domain is aligned with it, as it would in AWS. A mail already carrying SES's own results (a
 * recorded SES delivery replayed) keeps them.
 */
export function withLocalVerdicts(raw: Buffer, envelopeSender: string | null): Buffer {
  const head =
    raw
      .subarray(0, Math.min(raw.length, 64 * 1024))
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  if (/^authentication-results:[ \t]*amazonses\.com\s*;/im.test(head)) return raw;
  const spf =
    envelopeSender && /^[^\s;()"<>]+@[^\s;()"<>@]+$/.test(envelopeSender)
      ? `spf=pass smtp.mailfrom=${envelopeSender}`
      : 'spf=none';
  const added = `Authentication-Results: amazonses.com; ${spf}; dkim=none; dmarc=none\r\nX-SES-Spam-Verdict: PASS\r\nX-SES-Virus-Verdict: PASS\r\n`;
  return Buffer.concat([Buffer.from(added), raw]);
}

/**
 * The local request mailbox: an SMTP listener on 127.0.0.1 that stores each message where the
 * inbound function reads it and runs the same use case. The SMTP answer waits for the result:
 * 250 once processed, 451 (try again) when processing failed, so a sender's retry is the
 * local equivalent of Lambda's.
 */
export async function startSmtpInbound(
  ctx: AppContext,
  rawStore: RawMailStore,
  port: number,
  onResult: (result: IngestResult, processingMs: number) => void = () => undefined,
): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: ctx.config.limits.maxMailBytes,
    maxClients: 50,
    banner: 'alma-accounts local inbound (stands in for SES)',
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
          return;
        }
        const started = performance.now();
        ingestRawMail(
          ctx,
          rawStore,
          withLocalVerdicts(
            Buffer.concat(chunks),
            session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          ),
          new Date(),
        )
          .then((result) => {
            onResult(result, performance.now() - started);
            callback();
          })
          .catch((error: Error) => {
            ctx.logger.error('local delivery failed', { error: error.message });
            callback(Object.assign(new Error('temporary failure, try again'), { responseCode: 451 }));
          });
      });
    },
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
