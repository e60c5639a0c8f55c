import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Mailer, OutgoingMail } from '../../domain/ports';

/** One line of the local outbox (`alma-accounts outbox --json`). */
export interface OutboxEntry {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  sentAt: string;
  messageId: string;
}

/**
 * Local stand-in for what SES sent: wraps a Mailer (or none) and appends every sent message
 * to a JSON-lines file in the data dir, which `alma-accounts outbox` reads.
 */
export class OutboxMailer implements Mailer {
  private counter = 0;
  constructor(
    private readonly file: string,
    private readonly inner?: Mailer,
    private readonly clock: () => Date = () => new Date(),
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = this.inner
      ? await this.inner.send(mail)
      : { messageId: `local-${Date.now()}-${process.pid}-${this.counter++}` };
    const entry: OutboxEntry = {
      to: mail.to,
      cc: mail.cc ?? [],
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.headers ? { headers: mail.headers } : {}),
      sentAt: this.clock().toISOString(),
      messageId: result.messageId,
    };
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    return result;
  }
}

export function readOutbox(file: string): OutboxEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as OutboxEntry);
}
