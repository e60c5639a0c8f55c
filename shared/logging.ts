import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Names and e-mail addresses never go in clear: log `pseudonym(x)`,
 * a short stable hash that lets operators correlate lines without reading personal data.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
}

export function pseudonym(value: string | null | undefined): string | null {
  if (!value) return null;
  return `h:${createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 12)}`;
}

/** Keeps the domain of an address (which institution wrote) and hides the person: `h:3fa2c1d9e0b1(lib-a.example)`. */
export function maskEmail(address: string | null | undefined): string | null {
  if (!address) return null;
  const domain = address.split('@')[1];
  return domain ? `${pseudonym(address)}(${domain})` : pseudonym(address);
}

/**
 * A mail's Message-ID for logs: SES ids pass as they are; `<local@domain>` ids (files, local
 * SMTP) may carry a person's address or name in the local part, so they are hashed.
 */
export function messageRef(messageId: string): string {
  return messageId.includes('@') ? maskEmail(messageId)! : messageId;
}
