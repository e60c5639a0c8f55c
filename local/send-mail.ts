import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';

/** Delivers raw .eml files to the local runtime's SMTP listener, as a mail server would: `npx tsx local/send-mail.ts FILE…`. */
const port = Number(process.env.ALMA_SMTP_PORT ?? 2525);
const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const info = await transport.sendMail({
    envelope: { from: 'sender@localhost', to: ['accounts@helpdesk.example.org'] },
    raw,
  });
  process.stdout.write(`${file}: ${info.response}\n`);
}
transport.close();
