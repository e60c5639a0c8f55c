import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveInboundMail } from '../../../shared/app/inbound/receive-mail';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld } from './world';

const DOMAIN = 'alma-inbound-misreadings.example';
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

const receive = (id: string, raw: Uint8Array) =>
  receiveInboundMail(world.ctx, { messageId: id, raw, receipt: null, now: new Date('2027-01-10T09:00:00Z') });

describe('tasks that exclude an area, through the mailbox of an `auto` institution', () => {
  it('"geen catalografie en geen bestellingen": the Alma user gets the loans roles only, and the manager is told', async () => {
    // Prepare
    const email = `ines.martin@lib-b.${DOMAIN}`;
    // Act
    const result = await receive(
      'roles-1',
      mail('roles-1', 'Nieuwe Alma-account', [
        'Beste,',
        '',
        'Naam : Ines Martin',
        `E-mail : ${email}`,
        'Statuut : vast',
        'Taken : enkel uitleningen aan de balie; geen catalografie en geen bestellingen',
      ]),
    );
    // Assess
    expect(result.outcome).toBe('accepted');
    const user = world.standIn.user('LIB-B', email);
    const roleTypes = (user?.user_role ?? []).map((r) => r.role_type.value);
    expect(roleTypes).toEqual(['32']);
    expect(roleTypes).not.toContain('204');
    expect(roleTypes).not.toContain('54');
    const confirmation = (await sesStore()).find(
      (m) => m.destination.to.includes(MANAGER) && m.subject.includes(result.reference!),
    );
    expect(confirmation?.body.text).toContain('Alma-rolprofielen begrepen uit de taken: loans.');
  });

  it('tasks mapped to no area: the default profile, and the helpdesk copy says to check the roles', async () => {
    const email = `tom.peeters@lib-b.${DOMAIN}`;
    const result = await receive(
      'roles-2',
      mail('roles-2', 'Nieuwe Alma-account', [
        'Naam : Tom Peeters',
        `E-mail : ${email}`,
        'Statuut : vast',
        'Taken : helpen waar nodig',
      ]),
    );
    expect(result.outcome).toBe('accepted');
    expect((world.standIn.user('LIB-B', email)?.user_role ?? []).map((r) => r.role_type.value)).toEqual([
      '32',
    ]);
    const copy = (await sesStore()).find(
      (m) => m.destination.to.includes(`helpdesk@${DOMAIN}`) && m.subject.includes(result.reference!),
    );
    expect(copy?.body.text).toContain(
      'Tasks not understood with confidence: the default role profile was given',
    );
  });
});

describe('an address given for someone else, through the mailbox of an `auto` institution', () => {
  it('"send the confirmation to my assistant at …": no Alma user on that address, the email is asked and the addresses listed', async () => {
    // Prepare
    const assistant = `els.wouters@lib-b.${DOMAIN}`;
    // Act
    const result = await receive(
      'contact-1',
      mail('contact-1', 'New Alma account', [
        'Hello,',
        '',
        'We welcome Ines Martin as a student worker until 30 June 2027. She will help at the loans desk.',
        `I will supervise her. Please send the confirmation to my assistant at ${assistant}.`,
        '',
        'Koen',
      ]),
    );
    // Assess
    expect(result).toMatchObject({ outcome: 'needs-info', kind: 'new-personal' });
    expect(result.missing).toContain('email');
    expect(world.standIn.user('LIB-B', assistant)).toBeUndefined();
    const answer = (await sesStore()).find(
      (m) => m.destination.to.includes(MANAGER) && m.subject.includes(result.reference!),
    );
    expect(answer?.body.text).toContain(
      `- ${assistant}: someone else (a contact, the reply, a copy or yourself)`,
    );
  });
});
