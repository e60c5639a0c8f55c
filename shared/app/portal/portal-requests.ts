import type { Institution, Language } from '../../config/schema';
import { brusselsDate } from '../../domain/calendar';
import { ulid } from '../../domain/ids';
import { type MissingItem, parseRawMail, type RequestKind, readRequest } from '../../domain/mail';
import { buildMime } from '../../domain/mail/compose-mime';
import type { PortalUser } from '../../domain/portal/access';
import type { IngestResult } from '../../domain/requests';
import type { AppContext } from '../context';
import type { InboundMail } from '../inbound/ingest-result';
import { receiveInboundMail } from '../inbound/receive-mail';
import { planRequest } from '../inbound/request-plan';

/*
 * A portal form is a request mail: its fields are written as the labelled lines a manager would
 * mail, read by the same reader, decided by the same rules (decideRequest through planRequest),
 * recorded and carried out by the same path (receiveInboundMail: plan → record → carry out) with
 * the manager as sender, so the request gets a reference and the same answer mail. The session
 * authenticates the manager, so the mail-authentication step is the one part not run. What is
 * missing is shown on the form instead: such a request is neither recorded nor mailed.
 */

/** The labelled lines (English labels: the reader takes them in every language). */
const LABELS = {
  accountType: 'Account type',
  fullName: 'Name',
  email: 'E-mail',
  employeeType: 'Employment',
  supervisorEmail: 'Supervisor',
  tasks: 'Tasks',
  missionEndDate: 'End date',
  newEndDate: 'New end date',
  deactivationDate: 'Deactivation date',
} as const;
export type PortalField = keyof typeof LABELS;

const SUBJECTS: Record<Exclude<RequestKind, 'other'>, string> = {
  'new-personal': 'New Alma account',
  'new-shared': 'New shared Alma account',
  renewal: 'Renewal of an Alma account',
  closure: 'Closure of an Alma account',
};

export type PortalRequestOutcome =
  | { outcome: 'needs-info'; missing: MissingItem[]; invalid: string[] }
  | { outcome: 'done'; result: IngestResult };

/** Header and line breaks are the form's to give only as values: one line each. */
const oneLine = (value: string) => value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

export async function submitPortalRequest(
  ctx: AppContext,
  input: {
    user: Extract<PortalUser, { role: 'manager' }>;
    institution: Institution;
    kind: Exclude<RequestKind, 'other'>;
    fields: Partial<Record<PortalField, string>>;
    language: Language;
    now: Date;
  },
): Promise<PortalRequestOutcome> {
  const { user, institution, kind, now } = input;
  const lines = Object.entries(input.fields)
    .map(([field, value]) => [field as PortalField, oneLine(value ?? '')] as const)
    .filter(([, value]) => value !== '')
    .map(([field, value]) => `${LABELS[field]}: ${value}`);
  const messageId = `portal-${ulid(now.getTime())}@portal.invalid`;
  const raw = await buildMime(
    { to: [ctx.config.mailbox], subject: SUBJECTS[kind], text: `${lines.join('\n')}\n` },
    user.email,
    messageId,
    now,
  );
  const parsed = await parseRawMail(raw);
  const read = readRequest(parsed, brusselsDate(now), {
    horizonYears: ctx.config.limits.endDateHorizonYears,
  });
  // The form says what it is: the subject's reading never turns a renewal into something else.
  const reading = { ...read, kind };
  const mail: InboundMail = { messageId: `portal-${ulid(now.getTime())}`, raw, receipt: null, now };
  const planner = () =>
    planRequest(ctx, { mail, parsed, sender: user.email, reading, institution, language: input.language });
  const first = await planner();
  if (first.result.outcome === 'needs-info')
    return {
      outcome: 'needs-info',
      missing: first.result.missing,
      invalid: Object.keys(reading.invalid),
    };
  // Decided once more only when another change overtook this one before anything was sent.
  let planned = false;
  const result = await receiveInboundMail(ctx, mail, () => {
    if (planned) return planner();
    planned = true;
    return Promise.resolve(first);
  });
  return { outcome: 'done', result };
}
