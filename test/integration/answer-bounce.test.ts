import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesFeedbackHandler } from '../../functions/ses-feedback/handler';
import { MailboxSimulatorMailer } from '../../local/ses-simulator';
import type { AppContext } from '../../shared/app/context';
import type { SnsFeedbackEvent } from '../../shared/app/feedback/sns-event';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import type { OutgoingMail } from '../../shared/domain/ports';
import { lambdaInvocation } from '../support/lambda';
import { type AlmaWorld, almaWorld } from './alma/world';

/*
 * Our answer to a request bounces (issue 31), end to end: a manager whose address is the SES
 * mailbox simulator's bounce address mails a request; the inbound path answers it through the
 * simulator, which publishes the bounce SES would, delivered to the real ses-feedback handler.
 * The helpdesk hears once that the answer to that REQ bounced, however often SNS delivers it.
 */

const DOMAIN = 'answer-bounce.example';
const REQUESTER = 'bounce+answer@simulator.amazonses.com';
const HELPDESK = `helpdesk@${DOMAIN}`;
const NOW = new Date('2032-02-10T09:00:00Z');

let world: AlmaWorld;
let ctx: AppContext;
let simulator: MailboxSimulatorMailer;
const sent: OutgoingMail[] = [];
const deliveryErrors: Error[] = [];
const handler = sesFeedbackHandler(
  async () => ctx,
  () => NOW,
);
const invoke = (event: SnsFeedbackEvent) => handler(event, lambdaInvocation('ses-feedback'));

function requestMail(id: string): Uint8Array {
  return Buffer.from(
    [
      `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${REQUESTER}; dkim=none; dmarc=none`,
      `From: Anne Dubois <${REQUESTER}>`,
      `To: accounts@${DOMAIN}`,
      'Subject: Nouveau compte Alma',
      `Message-ID: <${id}@simulator.amazonses.com>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bonjour,',
      '',
      'Nom : Marie Lambert',
      `E-mail : marie.lambert@lib-a.${DOMAIN}`,
      'Statut : bénévole',
      'Tâches : prêt',
      '',
      'Merci',
    ].join('\r\n'),
  );
}

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN, moreManagers: { 'LIB-A': [REQUESTER] } });
  simulator = new MailboxSimulatorMailer(
    {
      send: async (mail) => {
        const result = await world.ctx.mailer.send(mail);
        sent.push(mail);
        return result;
      },
    },
    {
      from: world.ctx.config.mailbox,
      clock: () => NOW,
      deliver: invoke,
      onError: (e) => deliveryErrors.push(e),
    },
  );
  ctx = { ...world.ctx, mailer: simulator };
});
afterAll(() => world.stop());

describe('our answer to a request bounces', () => {
  it('tells the helpdesk once that the answer to that REQ bounced, also when SNS delivers it twice', async () => {
    const result = await receiveInboundMail(ctx, {
      messageId: 'answer-bounce-1',
      raw: requestMail('answer-bounce-1'),
      receipt: null,
      now: NOW,
    });
    // Accepted or asking for a missing field: either way an answer in the thread, with its REQ reference.
    expect(['accepted', 'needs-info']).toContain(result.outcome);
    const reference = result.reference!;
    expect(reference).toMatch(/^REQ-/);
    // The answer went to the requester, and the simulator bounced it to the handler.
    expect(sent.filter((m) => m.to.includes(REQUESTER))).toHaveLength(1);
    expect(deliveryErrors).toEqual([]);
    const bounce = simulator.published.at(-1)!;

    const told = () =>
      sent.filter(
        (m) =>
          m.to.includes(HELPDESK) &&
          m.subject.includes(reference) &&
          /bounced|revient|komt terug/.test(m.subject),
      );
    expect(told()).toHaveLength(1);
    expect(told()[0]!.text).toContain(REQUESTER);
    expect(await ctx.feedback.get(REQUESTER)).toMatchObject({ state: 'undeliverable' });

    // SNS delivers the same notification again: handled once, nothing more is sent.
    const before = sent.length;
    const replay = await invoke(bounce);
    expect(replay.reports[0]).toMatchObject({ outcome: 'duplicate' });
    expect(sent.length).toBe(before);
    expect(told()).toHaveLength(1);
  });
});
