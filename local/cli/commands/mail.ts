import { readFileSync } from 'node:fs';
import { FileRawMailStore } from '../../../shared/adapters/files/raw-mail-store';
import { readOutbox } from '../../../shared/adapters/ses/outbox';
import { ingestRawMail } from '../../../shared/app/inbound/ingest-raw-mail';
import { ValidationError } from '../../../shared/errors';
import { outboxFile, rawMailFolder } from '../../runtime-context';
import type { CliCommand } from '../command';

const ingest: CliCommand = {
  name: 'ingest',
  usage: 'FILE.eml... [--json]                 process raw mails as the inbound Lambda does',
  check: ({ args }) => {
    if (!args.length) throw new ValidationError('ingest: give one or more .eml files');
  },
  async runWithContext({ ctx, now, io, json, args, dataDir }) {
    const store = new FileRawMailStore(rawMailFolder(dataDir));
    for (const file of args) {
      let raw: Uint8Array;
      try {
        raw = readFileSync(file);
      } catch (error) {
        throw new ValidationError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
      }
      const result = await ingestRawMail(ctx, store, raw, now);
      io.out(
        json
          ? JSON.stringify(result)
          : `${file}: ${result.outcome} (${result.kind})${result.reference ? ` ${result.reference}` : ''}${
              result.missing.length ? ` missing: ${result.missing.join(', ')}` : ''
            }${result.reason ? ` — ${result.reason}` : ''}`,
      );
    }
    return 0;
  },
};

const outbox: CliCommand = {
  name: 'outbox',
  usage: '[--json]                             what local runs have sent',
  async run({ dataDir, io, json }) {
    for (const entry of readOutbox(outboxFile(dataDir))) {
      if (json)
        io.out(
          JSON.stringify({
            to: entry.to,
            cc: entry.cc,
            subject: entry.subject,
            text: entry.text,
            sentAt: entry.sentAt,
          }),
        );
      else
        io.out(
          `${entry.sentAt}  to ${entry.to.join(', ')}${entry.cc.length ? ` cc ${entry.cc.join(', ')}` : ''}\n  ${entry.subject}`,
        );
    }
    return 0;
  },
};

export const MAIL_COMMANDS: CliCommand[] = [ingest, outbox];
