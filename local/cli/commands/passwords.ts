import { backfillSharedIndex } from '../../../shared/app/accounts/shared-accounts';
import { approveRotations } from '../../../shared/app/alma/password-rotation';
import {
  lastRevealDay,
  type RotationStatusLine,
  rotationPreview,
  rotationStatus,
} from '../../../shared/app/alma/password-status';
import { brusselsDate, brusselsTime, formatBelgian } from '../../../shared/domain/calendar';
import { ValidationError } from '../../../shared/errors';
import type { CliCommand } from '../command';
import { cliActor } from './options';

const reindex: CliCommand = {
  name: 'reindex',
  usage:
    '                                  put accounts written before the shared-account index into it (resumable)',
  async runWithContext({ ctx, io, json }) {
    let itemsRead = 0;
    let indexed = 0;
    for (;;) {
      const step = await backfillSharedIndex(ctx);
      itemsRead += step.itemsRead;
      indexed += step.indexed;
      if (step.complete) break;
      if (!json) io.err(`reindex: ${itemsRead} items read, ${indexed} shared accounts indexed so far`);
    }
    io.out(
      json
        ? JSON.stringify({ complete: true, itemsRead, indexed })
        : `shared-account index complete: ${itemsRead} items read, ${indexed} shared accounts indexed`,
    );
    return 0;
  },
};

const at = (iso: string | null) => {
  if (!iso) return '';
  const when = new Date(iso);
  return `${formatBelgian(brusselsDate(when))} ${brusselsTime(when)}`;
};

/** What became of one rotation, in words: rotated when, revealed by whom, pending, expired. */
function outcome(line: RotationStatusLine): string {
  const set = line.setAt ? `set in Alma ${at(line.setAt)}` : '';
  switch (line.state) {
    case 'awaiting-approval':
      return 'waiting for the helpdesk to confirm the list (passwords approve)';
    case 'approved':
    case 'planned':
      return line.lastError
        ? `not set yet: Alma said ${line.lastError}`
        : 'not set yet: the next run sets it';
    case 'set':
      return `${set}; the managers' mails not all out yet`;
    case 'told':
      return `${set}; pending: not revealed, link valid until ${formatBelgian(lastRevealDay(line.revealUntil ?? ''))}`;
    case 'revealed':
      return `${set}; revealed by ${line.revealedBy} ${at(line.revealedAt)}`;
    case 'expired':
      return `${set}; expired: not revealed, erased ${at(line.erasedAt)}`;
  }
}

const status: CliCommand = {
  name: 'passwords status',
  usage: '[--institution X] [--json]    per shared account: rotated when, revealed by whom, pending, expired',
  async runWithContext({ ctx, io, json, values, now }) {
    const lines = await rotationStatus(ctx, { now, institution: values.institution });
    for (const line of lines)
      io.out(
        json
          ? JSON.stringify(line)
          : [
              line.rotationDate,
              line.institution,
              `${line.accountName} <${line.accountEmail}>`,
              outcome(line),
            ].join('  '),
      );
    if (!json && !lines.length) io.err('no password rotation recorded this year or last');
    return 0;
  },
};

const preview: CliCommand = {
  name: 'passwords preview',
  usage: '[--institution X] [--json]   the rotations to come (nothing set, nothing sent)',
  async runWithContext({ ctx, io, json, values, now }) {
    const { rotationDate, lines } = await rotationPreview(ctx, { now, institution: values.institution });
    for (const line of lines)
      io.out(
        json
          ? JSON.stringify(line)
          : [
              line.rotationDate,
              line.institution,
              `${line.accountName} <${line.accountEmail}>`,
              `Alma ${line.primaryId}`,
              line.needsApproval ? 'the helpdesk confirms first' : 'automatic',
            ].join('  '),
      );
    if (!json) io.err(`${lines.length} rotation(s) to come on ${rotationDate}`);
    return 0;
  },
};

const approve: CliCommand = {
  name: 'passwords approve',
  usage:
    '--institution X[,Y]           confirm the rotation list of approve institutions: set and hand over now',
  check: ({ values }) => {
    if (!values.institution) throw new ValidationError('passwords approve: give --institution CODE[,CODE]');
  },
  async runWithContext({ ctx, io, json, values, now }) {
    const institutions = String(values.institution)
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean);
    const unknown = institutions.filter((code) => !ctx.config.institutions.some((i) => i.code === code));
    if (unknown.length)
      throw new ValidationError(`passwords approve: unknown institution ${unknown.join(', ')}`);
    const done = await approveRotations(ctx, { institutions, actor: cliActor(), now });
    for (const r of done)
      io.out(
        json
          ? JSON.stringify({
              rotationDate: r.rotationDate,
              accountId: r.accountId,
              institution: r.institution,
              state: r.state,
              lastError: r.lastError,
            })
          : [
              r.rotationDate,
              r.institution,
              `${r.accountName} <${r.accountEmail}>`,
              r.state === 'told'
                ? 'set in Alma, managers mailed'
                : `${r.state}${r.lastError ? `: ${r.lastError}` : ''}`,
            ].join('  '),
      );
    if (!json) io.err(`${done.length} rotation(s) approved`);
    return done.some((r) => r.state !== 'told') ? 1 : 0;
  },
};

export const PASSWORD_COMMANDS: readonly CliCommand[] = [status, preview, approve, reindex];
