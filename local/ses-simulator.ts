import { randomUUID } from 'node:crypto';
import permanentBounce from '../events/ses-feedback/bounce-permanent.json';
import suppressedBounce from '../events/ses-feedback/bounce-suppressed.json';
import complaint from '../events/ses-feedback/complaint.json';
import oooDelivery from '../events/ses-feedback/delivery-ooto.json';
import type { SnsFeedbackEvent } from '../shared/app/feedback/sns-event';
import { snsEventOf } from '../shared/app/feedback/sns-event';
import type { Mailer, OutgoingMail } from '../shared/domain/ports';

/**
 * AWS's mailbox simulator, played locally: mail to `bounce@`, `complaint@`, `suppressionlist@`
 * or `ooto@simulator.amazonses.com` (a `+label` allowed, as SES allows) produces the
 * notification SES would publish to the configuration set's topic — the committed samples under
 * events/ses-feedback/, with this mail's ids, time, destination and headers — and delivers it,
 * as an SNS event, to the feedback handler. Wraps the mailer of `npm start` and of CLI runs alike.
 */
export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

const TEMPLATES = {
  bounce: permanentBounce,
  complaint,
  suppressionlist: suppressedBounce,
  ooto: oooDelivery,
} as const;
export type SimulatorScenario = keyof typeof TEMPLATES;

export function simulatorScenario(address: string): SimulatorScenario | undefined {
  const [local, domain] = address.trim().toLowerCase().split('@') as [string, string | undefined];
  if (domain !== SIMULATOR_DOMAIN) return undefined;
  const name = local.split('+')[0]!;
  return name in TEMPLATES ? (name as SimulatorScenario) : undefined;
}

/** A new feedback id in SES's shape. */
const newFeedbackId = (at: Date) => `${at.getTime().toString(16).padStart(16, '0')}-${randomUUID()}-000000`;

/** The notification SES publishes for `recipient` of a sent message (from the sample of its scenario). */
export function simulatedNotification(
  scenario: SimulatorScenario,
  recipient: string,
  sent: { messageId: string; from: string; mail: OutgoingMail },
  at: Date,
  feedbackId = newFeedbackId(at),
): Record<string, unknown> {
  const template = structuredClone(TEMPLATES[scenario]) as Record<string, unknown> & {
    mail: Record<string, unknown>;
  };
  const headers = [
    { name: 'From', value: sent.from },
    { name: 'To', value: sent.mail.to.join(', ') },
    ...(sent.mail.cc?.length ? [{ name: 'Cc', value: sent.mail.cc.join(', ') }] : []),
    { name: 'Subject', value: sent.mail.subject },
    ...Object.entries(sent.mail.headers ?? {}).map(([name, value]) => ({ name, value })),
  ];
  template.mail = {
    ...template.mail,
    timestamp: at.toISOString(),
    source: sent.from,
    messageId: sent.messageId,
    destination: [...sent.mail.to, ...(sent.mail.cc ?? [])],
    headers,
    commonHeaders: {
      from: [sent.from],
      to: sent.mail.to,
      messageId: sent.messageId,
      subject: sent.mail.subject,
    },
  };
  const later = new Date(at.getTime() + 1000).toISOString();
  if ('bounce' in template) {
    const bounce = template.bounce as { bouncedRecipients: Record<string, unknown>[] };
    template.bounce = {
      ...bounce,
      feedbackId,
      timestamp: later,
      bouncedRecipients: bounce.bouncedRecipients.map((r) => ({ ...r, emailAddress: recipient })),
    };
  }
  if ('complaint' in template) {
    const c = template.complaint as { complainedRecipients: Record<string, unknown>[] };
    template.complaint = {
      ...c,
      feedbackId,
      timestamp: later,
      arrivalDate: at.toISOString(),
      complainedRecipients: [{ emailAddress: recipient }],
    };
  }
  if ('delivery' in template)
    template.delivery = { ...(template.delivery as object), timestamp: later, recipients: [recipient] };
  return template;
}

export interface SimulatorOptions {
  /** Where the notifications go: the feedback handler (the use case locally, the Lambda handler in tests). */
  deliver: (event: SnsFeedbackEvent) => Promise<unknown>;
  from: string;
  clock?: () => Date;
  /** A delivery that failed (the send itself stands, as SES's would). */
  onError?: (error: Error) => void;
}

export class MailboxSimulatorMailer implements Mailer {
  /** Notifications produced, newest last (tests replay them). */
  readonly published: SnsFeedbackEvent[] = [];

  constructor(
    private readonly inner: Mailer,
    private readonly options: SimulatorOptions,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.inner.send(mail);
    const at = (this.options.clock ?? (() => new Date()))();
    for (const recipient of [...mail.to, ...(mail.cc ?? [])]) {
      const scenario = simulatorScenario(recipient);
      if (!scenario) continue;
      const notification = simulatedNotification(
        scenario,
        recipient,
        { messageId: result.messageId, from: this.options.from, mail },
        at,
      );
      const event = snsEventOf(notification, randomUUID(), at);
      this.published.push(event);
      try {
        await this.options.deliver(event);
      } catch (error) {
        (this.options.onError ?? ((e) => process.stderr.write(`ses simulator: ${e.message}\n`)))(
          error as Error,
        );
      }
    }
    return result;
  }
}
