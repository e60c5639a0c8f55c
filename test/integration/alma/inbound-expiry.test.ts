import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveInboundMail } from '../../../shared/app/inbound/receive-mail';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld } from './world';

const DOMAIN = 'alma-inbound-expiry.example';
const MANAGER = `manager@lib-b.${DOMAIN}`;
let world: AlmaWorld;

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
});
afterAll(() => world.stop());

function mail(id: string, subject: string, body: string[]): Uint8Array {
  return Buffer.from(
    [
      `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${MANAGER}; dkim=none; dmarc=none`,
      `From: Manager B <${MANAGER}>`,
      `To: accounts@${DOMAIN}`,
      `Subject: ${subject}`,
      `Message-ID: <${id}@lib-b.${DOMAIN}>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...body,
    ].join('\r\n'),
  );
}

describe('a closure through the mailbox, provisioning auto', () => {
  it('moves the Alma user’s expiry and the helpdesk copy says it is done, not to do', async () => {
    const email = `els.peeters@lib-b.${DOMAIN}`;
    const receive = (id: string, raw: Uint8Array) =>
      receiveInboundMail(world.ctx, {
        messageId: id,
        raw,
        receipt: null,
        now: new Date('2027-01-10T09:00:00Z'),
      });
    const created = await receive(
      'new-1',
      mail('new-1', 'Nieuwe Alma-account', [
        'Naam : Els Peeters',
        `E-mail : ${email}`,
        'Statuut : vast',
        'Taken : uitlening',
      ]),
    );
    expect(created.outcome).toBe('accepted');
    expect(world.standIn.user('LIB-B', email)).toBeDefined();

    const closed = await receive(
      'close-1',
      mail('close-1', 'Afsluiten Alma-account', [
        'Gelieve de account af te sluiten.',
        `E-mail : ${email}`,
        'Deactiveringsdatum : 31/01/2027',
      ]),
    );
    expect(closed.outcome).toBe('accepted');
    expect(world.standIn.user('LIB-B', email)?.expiry_date).toMatch(/^2027-01-31/);
    const copy = (await sesStore()).find(
      (m) => m.destination.to.includes(`helpdesk@${DOMAIN}`) && m.subject.includes(closed.reference!),
    );
    expect(copy?.subject).toContain('Done in Alma: expiry date 2027-01-31');
    expect(copy?.subject).not.toContain('To do in Alma');
  });
});
