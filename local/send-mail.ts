import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';

/**
 * Delivers raw .eml files to the local runtime's SMTP listener, as a mail server would:
 * `npx tsx local/send-mail.ts FILE…`. The envelope sender is the file's From address (its own
 * server sending it), which the listener's SPF stand-in passes; `ALMA_ENVELOPE_FROM` overrides it.
 */
function fromAddress(raw: Buffer): string | undefined {
  const head =
    raw
      .subarray(0, 64 * 1024)
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  const from = /^from:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)/im.exec(head)?.[1];
  return from ? addressparser(from.replace(/\r?\n/g, ' '), { flatten: true })[0]?.address : undefined;
}

const port = Number(process.env.ALMA_SMTP_PORT ?? 2525);
const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const info = await transport.sendMail({
    envelope: {
      from: process.env.ALMA_ENVELOPE_FROM ?? fromAddress(raw) ?? 'sender@localhost',
      to: ['accounts@helpdesk.example.org'],
    },
    raw,
  });
  process.stdout.write(`${file}: ${info.response}\n`);
}
transport.close();
