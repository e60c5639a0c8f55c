import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { OutgoingMail } from '../../domain/ports';
import { ValidationError } from '../../errors';

const LINE_BREAK = /[\r\n]/;
/** RFC 5322 field name: printable ASCII but the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * Why a mail cannot be built, one line a problem. nodemailer would turn a CR or LF in a header
 * into a space; we refuse it instead, so nothing injected ever goes out reworded.
 */
function mimeProblems(mail: OutgoingMail, from: string, messageId: string): string[] {
  const problems: string[] = [];
  const text = (what: string, value: string) => {
    if (LINE_BREAK.test(value)) problems.push(`${what}: a header value cannot hold a CR or LF`);
  };
  const mailbox = (what: string, value: string) => {
    text(what, value);
    const parsed = addressparser(value, { flatten: true });
    if (parsed.length !== 1 || !parsed[0]?.address) problems.push(`${what}: not one address`);
  };
  mailbox('From', from);
  for (const [field, list] of [
    ['To', mail.to],
    ['Cc', mail.cc ?? []],
    ['Reply-To', mail.replyTo ?? []],
  ] as const) {
    for (const [i, address] of list.entries()) mailbox(`${field}[${i}]`, address);
  }
  if (!mail.to.length) problems.push('To: no recipient');
  text('Subject', mail.subject);
  text('Message-ID', messageId);
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!FIELD_NAME.test(name)) problems.push(`header name ${JSON.stringify(name)} is not a field name`);
    text(name, value);
  }
  (mail.attachments ?? []).forEach((attachment, i) => {
    text(`attachment ${i} filename`, attachment.filename);
    text(`attachment ${i} content type`, attachment.contentType);
  });
  return problems;
}

function toAddress(value: string): Mail.Address {
  const [parsed] = addressparser(value, { flatten: true });
  return { name: parsed?.name ?? '', address: parsed?.address ?? '' };
}

/**
 * Builds the raw RFC 5322 message SES sends (SendEmail Raw) with nodemailer's MailComposer:
 * headers folded (a long References chain stays under 998 characters a line), non-ASCII display
 * names, subjects and filenames as encoded words, text (and the optional HTML alternative) as
 * UTF-8 in quoted-printable or base64, attachments base64. Our Message-ID, Date, In-Reply-To,
 * References, Auto-Submitted and X-… headers go out as given. A CR or LF in any header value,
 * address or filename is refused with a ValidationError before anything is built.
 */
export async function buildMime(
  mail: OutgoingMail,
  from: string,
  messageId: string,
  date = new Date(),
): Promise<Uint8Array> {
  const problems = mimeProblems(mail, from, messageId);
  if (problems.length) throw new ValidationError(`mail not built: ${problems.join('; ')}`, problems);
  const composer = new MailComposer({
    from: toAddress(from),
    to: mail.to.map(toAddress),
    cc: mail.cc?.length ? mail.cc.map(toAddress) : undefined,
    replyTo: mail.replyTo?.length ? mail.replyTo.map(toAddress) : undefined,
    subject: mail.subject,
    messageId: `<${messageId}>`,
    date,
    headers: mail.headers,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments?.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: Buffer.from(attachment.content),
      // nodemailer shows a message/* part inline by default; ours are files to open.
      contentDisposition: 'attachment',
      // message/rfc822 would go out 8bit (RFC 2046 forbids encoding it); base64 keeps long
      // lines and raw bytes of a forwarded original safe through SES, and readers decode it.
      contentTransferEncoding: 'base64',
    })),
    newline: 'windows',
    // Nothing we send is read from a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return new Uint8Array(await composer.compile().build());
}
