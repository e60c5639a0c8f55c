import { randomBytes } from 'node:crypto';
import type { OutgoingMail } from '../../domain/ports';

/** RFC 2047 encoded-word for non-ASCII header text. */
export function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

function base64Lines(content: Uint8Array | string): string {
  const b64 = Buffer.from(content).toString('base64');
  return b64.replace(/.{1,76}/g, '$&\r\n');
}

function boundary(): string {
  return `=_alma_${randomBytes(12).toString('hex')}`;
}

/** Builds the raw RFC 5322 message SES sends (SendEmail Raw): text + optional HTML + attachments. */
export function buildMime(
  mail: OutgoingMail,
  from: string,
  messageId: string,
  date = new Date(),
): Uint8Array {
  const headers: string[] = [
    `From: ${from}`,
    `To: ${mail.to.join(', ')}`,
    ...(mail.cc?.length ? [`Cc: ${mail.cc.join(', ')}`] : []),
    ...(mail.replyTo?.length ? [`Reply-To: ${mail.replyTo.join(', ')}`] : []),
    `Subject: ${encodeHeader(mail.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
  ];
  for (const [name, value] of Object.entries(mail.headers ?? {}))
    headers.push(`${name}: ${encodeHeader(value)}`);

  const textPart = [
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(mail.text),
  ];
  let body: string[];
  if (mail.html) {
    const alt = boundary();
    body = [
      `Content-Type: multipart/alternative; boundary="${alt}"`,
      '',
      `--${alt}`,
      ...textPart,
      `--${alt}`,
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(mail.html),
      `--${alt}--`,
      '',
    ];
  } else {
    body = textPart;
  }
  if (mail.attachments?.length) {
    const mixed = boundary();
    const parts = [`Content-Type: multipart/mixed; boundary="${mixed}"`, '', `--${mixed}`, ...body];
    for (const attachment of mail.attachments) {
      parts.push(
        `--${mixed}`,
        `Content-Type: ${attachment.contentType}; name="${attachment.filename.replace(/"/g, '')}"`,
        `Content-Disposition: attachment; filename="${attachment.filename.replace(/"/g, '')}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(attachment.content),
      );
    }
    parts.push(`--${mixed}--`, '');
    body = parts;
  }
  return Buffer.from([...headers, ...body].join('\r\n'), 'utf8');
}
