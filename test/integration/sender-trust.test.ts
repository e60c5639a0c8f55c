import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FileRawMailStore } from '../../shared/adapters/files/raw-mail-store';
import type { AppContext } from '../../shared/app/context';
import { ingestRawMail } from '../../shared/app/inbound/ingest-raw-mail';
import type { Account } from '../../shared/domain/account';
import type { CalendarDate } from '../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';

/*
 * Issue 10, the trust boundary: each numbered finding of the issue, as an attacker or a busy
 * manager's mail server would send it, through the same path as `alma-accounts ingest`.
 */

const NOW = new Date('2027-01-10T10:00:00+01:00');
const ANNE = 'anne.dubois@lib-a.example';
const ALIGNED =
  'Authentication-Results: amazonses.com; spf=pass (spfCheck: domain of lib-a.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=bounce@lib-a.example; dkim=pass header.i=@lib-a.example; dmarc=pass header.from=lib-a.example;';

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return { messageId: `sent-${this.sent.length}` };
  }
  to(address: string) {
    return this.sent.filter((m) => [...m.to, ...(m.cc ?? [])].includes(address));
  }
}

interface MailParts {
  from?: string;
  /** Replaces the From line (several lines = several From headers). */
  fromLines?: string[];
  auth?: string;
  subject?: string;
  body: string;
  headers?: string[];
  messageId?: string;
}

let counter = 0;
function mail(parts: MailParts): string {
  const id = parts.messageId ?? `trust-${++counter}-${Date.now()}@lib-a.example`;
  return [
    parts.auth ?? ALIGNED,
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    ...(parts.fromLines ?? [`From: ${parts.from ?? `Anne Dubois <${ANNE}>`}`]),
    'To: accounts@helpdesk.example.org',
    `Subject: ${parts.subject ?? 'Nouveau compte Alma'}`,
    'Date: Sun, 10 Jan 2027 09:00:00 +0100',
    `Message-ID: <${id}>`,
    ...(parts.headers ?? []),
    'MIME-Version: 1.0',
    ...(parts.headers?.some((h) => /^content-type:/i.test(h))
      ? []
      : ['Content-Type: text/plain; charset=utf-8']),
    '',
    parts.body,
    '',
  ].join('\r\n');
}

const NEW_PERMANENT = [
  'Nom : Victor Martin',
  'E-mail : victor.martin@lib-a.example',
  'Statut : permanent',
  'Tâches : catalogage et acquisitions',
].join('\r\n');

let ctx: AppContext & { mailer: RecordingMailer };
let store: FileRawMailStore;
const ingest = (raw: string | Buffer, now = NOW) =>
  ingestRawMail(ctx, store, typeof raw === 'string' ? Buffer.from(raw) : raw, now);

async function account(overrides: Partial<Account>): Promise<Account> {
  const a = anAccount({ institution: 'LIB-A', ...overrides });
  await ctx.accounts.create(a, createdEvent(a));
  return a;
}

beforeEach(async () => {
  const base = await testContext(testConfig());
  ctx = { ...base, mailer: new RecordingMailer() };
  store = new FileRawMailStore(mkdtempSync(join(tmpdir(), 'trust-mail-')));
});

describe('1. a forged From with a pass for another domain', () => {
  it('SPF passing for the envelope of another domain, DMARC none: refused, nothing written, no answer', async () => {
    const result = await ingest(
      mail({
        auth: 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@evil.example; dkim=none; dmarc=none header.from=lib-a.example;',
        body: NEW_PERMANENT,
      }),
    );
    expect(result.outcome).toBe('rejected');
    expect(await ctx.accounts.findByEmail('victor.martin@lib-a.example')).toEqual([]);
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('DKIM passing for the attacker’s own domain, DMARC none: refused', async () => {
    const result = await ingest(
      mail({
        auth: 'Authentication-Results: amazonses.com; spf=fail smtp.mailfrom=lib-a.example; dkim=pass header.i=@evil.example header.d=evil.example; dmarc=none header.from=lib-a.example;',
        body: NEW_PERMANENT,
      }),
    );
    expect(result.outcome).toBe('rejected');
    expect(await ctx.accounts.findByEmail('victor.martin@lib-a.example')).toEqual([]);
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('a forged Authentication-Results below the one SES wrote counts for nothing', async () => {
    const result = await ingest(
      mail({
        auth: [
          'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@evil.example; dkim=none; dmarc=none header.from=lib-a.example;',
          ALIGNED,
        ].join('\r\n'),
        body: NEW_PERMANENT,
      }),
    );
    expect(result.outcome).toBe('rejected');
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('DKIM aligned by organizational domain (a subdomain signs) is trusted', async () => {
    const result = await ingest(
      mail({
        auth: 'Authentication-Results: amazonses.com; spf=none; dkim=pass header.i=@mail.lib-a.example header.d=mail.lib-a.example; dmarc=none header.from=lib-a.example;',
        body: NEW_PERMANENT,
      }),
    );
    expect(result.outcome).toBe('accepted');
  });
});

describe('2. a quoted local part that looks like the manager’s address', () => {
  it('is refused, even with SPF, DKIM and DMARC passing for the attacker’s domain', async () => {
    const victim = await account({
      email: 'marie.dupont@lib-a.example',
      employeeType: 'permanent',
      endDate: null,
    });
    const result = await ingest(
      mail({
        from: `"${ANNE}"@evil.example`,
        auth: 'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=x@evil.example; dkim=pass header.i=@evil.example header.d=evil.example; dmarc=pass header.from=evil.example;',
        subject: 'Départ',
        body: 'E-mail : marie.dupont@lib-a.example\r\nDate de départ : 15/01/2027',
      }),
    );
    expect(result.outcome).toBe('rejected');
    expect((await ctx.accounts.get(victim.id))?.deactivationDate).toBeNull();
    expect(ctx.mailer.sent).toEqual([]);
  });
});

describe('3. other From-header tricks', () => {
  it('two From headers: refused', async () => {
    const result = await ingest(
      mail({ fromLines: [`From: Anne Dubois <${ANNE}>`, 'From: someone@evil.example'], body: NEW_PERMANENT }),
    );
    expect(result.outcome).toBe('rejected');
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('an encoded word that decodes to a name and an address, with no address to check: refused', async () => {
    const encoded = `=?utf-8?b?${Buffer.from(`"Anne Dubois" <${ANNE}>`).toString('base64')}?=`;
    const result = await ingest(mail({ fromLines: [`From: ${encoded}`], body: NEW_PERMANENT }));
    expect(result.outcome).toBe('rejected');
    expect(await ctx.accounts.findByEmail('victor.martin@lib-a.example')).toEqual([]);
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('a From with hundreds of addresses, the manager’s first: refused', async () => {
    const many = [ANNE, ...Array.from({ length: 300 }, (_, i) => `x${i}@evil.example`)].join(', ');
    const result = await ingest(mail({ fromLines: [`From: ${many}`], body: NEW_PERMANENT }));
    expect(result.outcome).toBe('rejected');
    expect(ctx.mailer.sent).toEqual([]);
  });
});

describe('4. out-of-office replies without Auto-Submitted', () => {
  it('an Outlook "Réponse automatique" to our "missing fields" mail neither completes the request nor is answered', async () => {
    const paul = await account({
      email: 'paul.martin@lib-a.example',
      employeeType: 'permanent',
      endDate: null,
    });
    const pending = await ingest(
      mail({ subject: 'Départ d’un collaborateur', body: 'Un collaborateur nous quitte.' }),
    );
    expect(pending).toMatchObject({ outcome: 'needs-info', kind: 'closure' });
    const answered = ctx.mailer.sent.length;
    const reply = await ingest(
      mail({
        subject: `Réponse automatique : [${pending.reference}] Départ d’un collaborateur`,
        body: "Je suis absente jusqu'au 25/01/2027. Pour toute question, contactez mon collègue Paul : paul.martin@lib-a.example",
      }),
    );
    expect(reply.outcome).not.toBe('accepted');
    expect(reply.outcome).not.toBe('needs-info');
    const after = await ctx.accounts.get(paul.id);
    expect(after).toMatchObject({ status: 'active', deactivationDate: null });
    expect(ctx.mailer.sent.length).toBe(answered);
  });

  it.each([
    'Automatisch antwoord: Nieuwe account',
    'Automatic reply: New account',
    'Abwesenheitsnotiz: Neues Konto',
    'Out of Office: New account',
  ])('"%s" to a new-account thread gets no fresh answer', async (subject) => {
    const result = await ingest(mail({ subject, body: 'I am out of the office until Monday.' }));
    expect(['rejected', 'forwarded', 'duplicate']).toContain(result.outcome);
    expect(ctx.mailer.sent.filter((m) => m.to.includes(ANNE))).toEqual([]);
  });

  it('our own answers tell Exchange not to auto-reply to them', async () => {
    const result = await ingest(mail({ subject: 'Nouveau compte Alma', body: 'Nom : Victor Martin' }));
    expect(result.outcome).toBe('needs-info');
    const answer = ctx.mailer.to(ANNE)[0]!;
    expect(answer.headers?.['X-Auto-Response-Suppress']).toBe('All');
    expect(answer.headers?.['Auto-Submitted']).toBe('auto-replied');
  });
});

describe('5. who may complete a pending request', () => {
  it('a student at the institution’s domain cannot complete a manager’s pending closure', async () => {
    const marie = await account({
      email: 'marie.dupont@lib-a.example',
      employeeType: 'permanent',
      endDate: null,
    });
    const pending = await ingest(
      mail({ subject: 'Départ d’un collaborateur', body: 'Un collaborateur nous quitte.' }),
    );
    expect(pending.outcome).toBe('needs-info');
    const reply = await ingest(
      mail({
        from: 'etudiant@lib-a.example',
        subject: `RE: [${pending.reference}] Départ`,
        body: 'E-mail : marie.dupont@lib-a.example\r\nDate de départ : 15/01/2027',
      }),
    );
    expect(reply.outcome).not.toBe('accepted');
    expect(await ctx.accounts.get(marie.id)).toMatchObject({ status: 'active', deactivationDate: null });
    expect(
      ctx.mailer.to('etudiant@lib-a.example').filter((m) => m.subject.includes(pending.reference!)),
    ).toEqual([]);
  });

  it('another manager of the institution may complete it, and the original requester is told too', async () => {
    ctx = {
      ...ctx,
      config: testConfig({
        institutions: [
          {
            code: 'LIB-A',
            name: 'Library A',
            language: 'fr',
            managers: [ANNE, 'luc.petit@lib-a.example'],
            senderDomains: ['lib-a.example'],
          },
        ],
      }),
    };
    const marie = await account({
      email: 'marie.dupont@lib-a.example',
      employeeType: 'permanent',
      endDate: null,
    });
    const pending = await ingest(
      mail({ subject: 'Départ d’un collaborateur', body: 'Un collaborateur nous quitte.' }),
    );
    const reply = await ingest(
      mail({
        from: 'Luc Petit <luc.petit@lib-a.example>',
        subject: `RE: [${pending.reference}] Départ`,
        body: 'E-mail : marie.dupont@lib-a.example\r\nDate de départ : 15/01/2027',
      }),
    );
    expect(reply.outcome).toBe('accepted');
    expect((await ctx.accounts.get(marie.id))?.deactivationDate).toBe('2027-01-15');
    const confirmations = ctx.mailer.sent.filter(
      (m) => m.subject.includes(pending.reference!) && m !== undefined,
    );
    expect(confirmations.some((m) => m.to.includes(ANNE) || (m.cc ?? []).includes(ANNE))).toBe(true);
  });

  it('references cannot be guessed from the previous one', async () => {
    const a = await ingest(mail({ body: 'Nom : Un' }));
    const b = await ingest(mail({ body: 'Nom : Deux' }));
    expect(a.reference).toMatch(/^REQ-2027-[0-9A-Z]{8,}$/);
    const tail = (r: string) => r.slice('REQ-2027-'.length);
    expect(Number.parseInt(tail(b.reference!), 36) - Number.parseInt(tail(a.reference!), 36)).not.toBe(1);
    expect(/^\d+$/.test(tail(a.reference!)) && /^\d+$/.test(tail(b.reference!))).toBe(false);
  });
});

describe('6. absurd dates', () => {
  it('a renewal to 31/12/9999 is a field to correct, never "no end"', async () => {
    const v = await account({
      email: 'vol@lib-a.example',
      employeeType: 'volunteer',
      endDate: '2027-12-31' as CalendarDate,
    });
    const result = await ingest(
      mail({
        subject: 'Renouvellement',
        body: 'E-mail : vol@lib-a.example\r\nNouvelle date de fin : 31/12/9999',
      }),
    );
    expect(result.outcome).toBe('needs-info');
    expect(result.missing).toContain('newEndDate');
    expect((await ctx.accounts.get(v.id))?.endDate).toBe('2027-12-31');
  });

  it('a mission end 50 years ahead is a field to correct', async () => {
    const result = await ingest(
      mail({
        body: [
          'Nom : Jeanne Lune',
          'E-mail : jeanne.lune@lib-a.example',
          'Statut : temporaire',
          `Responsable : ${ANNE}`,
          'Fin de mission : 30/06/2077',
          'Tâches : prêt',
        ].join('\r\n'),
      }),
    );
    expect(result.outcome).toBe('needs-info');
    expect(result.missing).toContain('missionEndDate');
  });
});

describe('7. a mail of a million short lines', () => {
  it('is refused as too large to read before it is parsed, and nothing is written', async () => {
    const lines = `${'x\r\n'.repeat(1_000_000)}`;
    const result = await ingest(mail({ body: `${NEW_PERMANENT}\r\n${lines}` }));
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toMatch(/too-large|too many lines/);
    expect(await ctx.accounts.findByEmail('victor.martin@lib-a.example')).toEqual([]);
  }, 60_000);

  it('megabytes of unencoded text (60,000 lines, under every other limit): refused, the manager told', async () => {
    const prose = 'Je vous remercie de bien vouloir créer ce compte pour notre collègue.\r\n'.repeat(60_000);
    const result = await ingest(mail({ body: `${NEW_PERMANENT}\r\n${prose}` }));
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'too-large' });
    expect(await ctx.accounts.findByEmail('victor.martin@lib-a.example')).toEqual([]);
    expect(ctx.mailer.to(ANNE)).toHaveLength(1);
  }, 60_000);

  it('the same text as a base64 attachment of a short request is read', async () => {
    const attachment = Buffer.from('Je vous remercie de bien vouloir créer ce compte.\r\n'.repeat(60_000))
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const body = [
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      NEW_PERMANENT,
      '--b',
      'Content-Type: text/plain; name="lettre.txt"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="lettre.txt"',
      '',
      attachment,
      '--b--',
      '',
    ].join('\r\n');
    const result = await ingest(mail({ headers: ['Content-Type: multipart/mixed; boundary="b"'], body }));
    expect(result.outcome).toBe('accepted');
  }, 60_000);
});

describe('8. a bounce wrapped in multipart/mixed', () => {
  it('is machine mail: the bounced original is never read as a request', async () => {
    const body = [
      '--outer',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Delivery to the following recipient failed permanently.',
      '--inner',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.lib-a.example',
      'Final-Recipient: rfc822; nobody@lib-a.example',
      'Action: failed',
      'Status: 5.1.1',
      '--inner',
      'Content-Type: message/rfc822',
      '',
      `From: ${ANNE}`,
      'Subject: Nouveau compte Alma',
      '',
      NEW_PERMANENT,
      '--inner--',
      '--outer--',
    ].join('\r\n');
    const result = await ingest(
      mail({
        subject: 'Nouveau compte Alma',
        headers: ['Content-Type: multipart/mixed; boundary="outer"'],
        body,
      }),
    );
    expect(result.outcome).not.toBe('accepted');
    expect(await ctx.accounts.findByEmail('victor.martin@lib-a.example')).toEqual([]);
    expect(ctx.mailer.to(ANNE)).toEqual([]);
  });
});

describe('10. smaller findings', () => {
  it('a name with control characters is a field to correct', async () => {
    const result = await ingest(
      mail({
        body: [
          'Nom : Victor\u0007 Martin\u001b[2J',
          'E-mail : victor.martin@lib-a.example',
          'Statut : permanent',
          'Tâches : prêt',
        ].join('\r\n'),
      }),
    );
    expect(result.outcome).toBe('needs-info');
    expect(result.missing).toContain('fullName');
  });

  it.each([
    ['the volunteer herself', 'vera.volunteer@lib-a.example'],
    ['an address outside the institution', 'friend@elsewhere.example'],
    ['another volunteer', 'other.volunteer@lib-a.example'],
  ])("a volunteer's supervisor may not be %s", async (_what, supervisor) => {
    await account({
      email: 'other.volunteer@lib-a.example',
      employeeType: 'volunteer',
      endDate: '2027-12-31' as CalendarDate,
    });
    const result = await ingest(
      mail({
        body: [
          'Nom : Vera Volunteer',
          'E-mail : vera.volunteer@lib-a.example',
          'Statut : bénévole',
          `Responsable : ${supervisor}`,
          'Tâches : prêt',
        ].join('\r\n'),
      }),
    );
    expect(result.outcome).toBe('needs-info');
    expect(result.missing).toContain('supervisorEmail');
  });

  it('two different mails with the same Message-ID header are each applied', async () => {
    const id = 'same-id@lib-a.example';
    const first = await ingest(mail({ messageId: id, body: NEW_PERMANENT }));
    expect(first.outcome).toBe('accepted');
    const second = await ingest(
      mail({
        messageId: id,
        body: NEW_PERMANENT.replace(/victor\.martin/g, 'paula.roux').replace('Victor Martin', 'Paula Roux'),
      }),
    );
    expect(second.outcome).toBe('accepted');
    expect(await ctx.accounts.findByEmail('paula.roux@lib-a.example')).toHaveLength(1);
  });

  it('"not allowed for institution" does not tell that an address has an account elsewhere', async () => {
    await account({
      institution: 'LIB-B',
      email: 'elsewhere@lib-b.example',
      employeeType: 'permanent',
      endDate: null,
    });
    const result = await ingest(
      mail({ subject: 'Départ', body: 'E-mail : elsewhere@lib-b.example\r\nDate de départ : 15/01/2027' }),
    );
    expect(result.reason).not.toBe('not-allowed-for-institution');
    expect(result).toMatchObject({ outcome: 'needs-info', missing: ['account'] });
  });
});
