import { institutionOfSender } from '../../config/load';
import type { Config, Language } from '../../config/schema';
import type { Account } from '../../domain/account';
import { almaNames } from '../../domain/alma/provisioning';
import {
  acceptedAnswer,
  forwardedMail,
  generatedHeaders,
  helpdeskCopy,
  type ParsedMail,
  type RejectionReason,
  type RequestFields,
  type RequestKind,
  rejectedAnswer,
  trainingNotice,
} from '../../domain/mail';
import type { OutgoingMail } from '../../domain/ports';
import type { RatingLinks } from '../../domain/rating';
import type { InboundPlan, PlannedAnswer } from '../../domain/requests';

/**
 * Markers in a planned answer for what only the Alma step can tell (created in Alma, or not):
 * replaced when the answer is sent, from the Alma outcome recorded with the plan, so a retry
 * sends the same words. Control characters never occur in mail text we accept.
 */
export const ALMA_MANAGER_MARK = '\u0001alma-manager\u0001';
export const ALMA_ACTION_MARK = '\u0001alma-action\u0001';
export const ALMA_BLOCK_MARK = '\u0001alma-block\u0001';

/** Headers that keep our answer in the sender's thread and tell servers it is automatic (no auto-reply to it). */
export function threadHeaders(parsed: ParsedMail, reference: string | null): Record<string, string> {
  const id = `<${parsed.messageId}>`;
  return {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    'In-Reply-To': id,
    References: [...parsed.references.map((r) => `<${r.replace(/^<|>$/g, '')}>`), id].join(' '),
    'X-Alma-Accounts-Reference': reference ?? 'none',
  };
}

/** Why a request is refused, told to its sender in the thread. */
export function rejectionPlan(
  base: Pick<InboundPlan, 'messageId' | 'decidedAt'>,
  parsed: ParsedMail,
  sender: string,
  kind: RequestKind,
  language: Language,
  reason: RejectionReason,
  reference: string | null,
  rating?: RatingLinks,
): InboundPlan {
  const text = rejectedAnswer({
    language,
    reason,
    kind,
    ...(reference ? { reference } : {}),
    ...(rating ? { rating } : {}),
  });
  return {
    ...base,
    result: { outcome: 'rejected', kind, reference, missing: [], reason, account: null },
    answers: [
      {
        id: 'rejection',
        mail: {
          to: [sender],
          subject: text.subject,
          text: text.text,
          headers: threadHeaders(parsed, reference),
        },
      },
    ],
  };
}

/** The forwarded text is capped: the original goes attached, whole. */
const FORWARDED_TEXT_CHARS = 20_000;

/** Mail that is not an account request goes to the human helpdesk, the original attached unchanged. */
export function forwardPlan(
  base: Pick<InboundPlan, 'messageId' | 'decidedAt'>,
  config: Config,
  parsed: ParsedMail,
  sender: string | null,
  why: string,
  reference: string | null,
  kind: RequestKind,
): InboundPlan {
  const text = forwardedMail({
    from: sender ?? '',
    subject: parsed.subject,
    date: parsed.date,
    text:
      parsed.text.length > FORWARDED_TEXT_CHARS
        ? `${parsed.text.slice(0, FORWARDED_TEXT_CHARS)}\n[…]`
        : parsed.text,
    reason: why,
  });
  return {
    ...base,
    result: { outcome: 'forwarded', kind, reference, missing: [], reason: why, account: null },
    forwarded: {
      messageId: base.messageId,
      sender,
      institution: sender ? (institutionOfSender(config, sender)?.code ?? null) : null,
      subject: parsed.subject.slice(0, 500),
      receivedAt: base.decidedAt,
      reason: why,
      reference,
    },
    answers: [
      {
        id: 'forward',
        attachOriginal: true,
        mail: {
          to: [config.helpdesk],
          subject: text.subject,
          text: text.text,
          ...(sender ? { replyTo: [sender] } : {}),
          headers: {
            'Auto-Submitted': 'auto-forwarded',
            'X-Auto-Response-Suppress': 'All',
            'X-Alma-Accounts-Reference': reference ?? 'forwarded',
          },
        },
      },
    ],
  };
}

/** How the answers speak of Alma, decided with the plan (or marked, when the Alma step tells). */
export interface AlmaWording {
  /** The manager's sentence, or the marker. */
  manager?: string;
  /** The helpdesk copy's action line, or the marker. */
  action?: string;
  /** The helpdesk copy's Alma block, or the marker. */
  block?: string;
}

/** The answers to an accepted request: the requester's confirmation, the helpdesk's copy, the training notice. */
export function acceptanceAnswers(input: {
  config: Config;
  kind: RequestKind;
  reference: string;
  institution: string;
  /** Who the confirmation goes to, and who else of the institution is told (the original requester). */
  to: string[];
  cc: string[];
  language: Language;
  account: Account;
  understood: RequestFields;
  headers: Record<string, string>;
  alma: AlmaWording;
  /** The requester's rating links (issue 29), in the confirmation only. */
  rating?: RatingLinks;
}): PlannedAnswer[] {
  const { config, kind, reference, account } = input;
  const requester = input.to[0]!;
  const summary = {
    fullName: account.fullName,
    email: account.email,
    accountType: account.accountType,
    employeeType: account.employeeType,
    supervisorEmail: account.supervisorEmail,
  };
  // Only a new personal account's tasks go to the training coordinators, and only when there are some.
  const coordinatorsTold =
    kind === 'new-personal' && account.trainingRecommended && config.trainingCoordinators.length > 0;
  // The split the Alma record takes, told to the manager so a wrong one is corrected by one line.
  const names = almaNames(account);
  const accepted = acceptedAnswer({
    language: input.language,
    reference,
    kind,
    account:
      kind === 'new-personal'
        ? { ...summary, names: { givenName: names.first_name, familyName: names.last_name } }
        : summary,
    endDate: account.endDate,
    deactivationDate: account.deactivationDate,
    trainingRecommended: coordinatorsTold,
    understood: input.understood,
    ...(input.alma.manager ? { almaSentence: input.alma.manager } : {}),
    ...(input.rating ? { rating: input.rating } : {}),
  });
  const copy = helpdeskCopy({
    reference,
    kind,
    institution: input.institution,
    requester,
    account: { ...summary, tasks: account.tasks },
    endDate: account.endDate,
    deactivationDate: account.deactivationDate,
    trainingRecommended: coordinatorsTold,
    language: config.alerts.language,
    ...(input.alma.action ? { almaAction: input.alma.action } : {}),
    ...(input.alma.block ? { almaBlock: input.alma.block } : {}),
  });
  const answers: PlannedAnswer[] = [
    {
      id: 'confirmation',
      mail: {
        to: input.to,
        ...(input.cc.length ? { cc: input.cc } : {}),
        subject: accepted.subject,
        text: accepted.text,
        headers: input.headers,
      },
    },
    {
      id: 'helpdesk-copy',
      mail: {
        to: [config.helpdesk],
        subject: copy.subject,
        text: copy.text,
        replyTo: [requester],
        headers: generatedHeaders(reference),
      },
    },
  ];
  if (coordinatorsTold) {
    const notice = trainingNotice({
      reference,
      institution: input.institution,
      fullName: account.fullName,
      email: account.email,
      tasks: account.tasks,
      supervisorEmail: account.supervisorEmail,
      // The manager is copied: the notice speaks the request's language, as the confirmation does.
      language: input.language,
    });
    answers.push({
      id: 'training',
      mail: {
        to: config.trainingCoordinators,
        cc: [requester],
        subject: notice.subject,
        text: notice.text,
        headers: generatedHeaders(reference),
      },
    });
  }
  return answers;
}

/** The planned answer as it goes out: the Alma markers replaced, the original attached. */
export function renderAnswer(
  answer: PlannedAnswer,
  alma: { manager: string; action: string; block: string } | undefined,
  raw: Uint8Array,
): OutgoingMail {
  const fill = (text: string) =>
    alma
      ? text
          .replaceAll(ALMA_MANAGER_MARK, alma.manager)
          .replaceAll(ALMA_ACTION_MARK, alma.action)
          .replaceAll(ALMA_BLOCK_MARK, alma.block)
      : text;
  return {
    ...answer.mail,
    subject: fill(answer.mail.subject),
    text: fill(answer.mail.text),
    ...(answer.attachOriginal
      ? { attachments: [{ filename: 'original.eml', contentType: 'message/rfc822', content: raw }] }
      : {}),
  };
}
