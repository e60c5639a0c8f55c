import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMime } from '../../../shared/domain/mail/compose-mime';
import type { OutgoingMail } from '../../../shared/domain/ports';
import { ValidationError } from '../../../shared/errors';

const FROM = 'accounts@helpdesk.example.org';
const OWN_ID = '0f3c-own-id@helpdesk.example.org';
const DATE = new Date('2027-01-10T10:00:00Z');

const base: OutgoingMail = { to: ['anne.dubois@lib-a.example'], subject: 'Compte', text: 'Bonjour' };

function headerBlock(raw: Uint8Array): string {
  const text = Buffer.from(raw).toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

describe('buildMime (nodemailer MailComposer)', () => {
  it('folds a References chain of 50 messages: every header line ≤ 998 characters, every id read back', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `${'m'.repeat(24)}-${i}.reply@mail.lib-a.example`);
    const raw = await buildMime(
      {
        ...base,
        headers: { 'In-Reply-To': `<${ids[49]}>`, References: ids.map((id) => `<${id}>`).join(' ') },
      },
      FROM,
      OWN_ID,
      DATE,
    );
    const lines = Buffer.from(raw).toString('latin1').split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(
      headerBlock(raw)
        .match(/^References: .*(\r\n[ \t].*)+/m)?.[0]
        .split('\r\n').length,
    ).toBeGreaterThan(10);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.references?.match(/<[^>]+>/g)).toEqual(ids.map((id) => `<${id}>`));
    expect(parsed.inReplyTo).toBe(`<${ids[49]}>`);
  });

  it('sends our Message-ID, Date, Auto-Submitted and X- headers as given', async () => {
    const raw = await buildMime(
      {
        ...base,
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Alma-Accounts-Reference': 'REQ-2027-000042' },
      },
      FROM,
      OWN_ID,
      DATE,
    );
    const parsed = await PostalMime.parse(raw);
    expect(parsed.messageId).toBe(`<${OWN_ID}>`);
    expect(parsed.date).toBe(DATE.toISOString());
    const header = (key: string) => parsed.headers.find((h) => h.key === key)?.value;
    expect(header('auto-submitted')).toBe('auto-replied');
    expect(header('x-alma-accounts-reference')).toBe('REQ-2027-000042');
    expect(header('mime-version')).toBe('1.0');
  });

  it('encodes non-ASCII display names, subject, text, HTML and attachment filenames, and reads them all back', async () => {
    const original = new TextEncoder().encode(
      `Subject: demande\r\n\r\n${'ligne très longue '.repeat(80)}\r\n`,
    );
    const raw = await buildMime(
      {
        to: ['Anne Müller-Ğüç <anne@lib-a.example>', 'koen.maes@lib-b.example'],
        cc: ['Frédéric Çelik <fred@lib-a.example>'],
        replyTo: ['Jürgen <jurgen@lib-a.example>'],
        subject: 'Réf. REQ-2027-000001 — compte créé pour « Zoë » (un sujet assez long pour être plié)',
        text: 'Bonjour Zoë,\nvotre compte est créé : “prêt”, €, 日本.\n',
        html: '<p>Bonjour <b>Zoë</b></p>',
        attachments: [
          { filename: 'demande d’origine é.eml', contentType: 'message/rfc822', content: original },
        ],
      },
      FROM,
      OWN_ID,
      DATE,
    );
    const head = headerBlock(raw);
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    expect(parsed.to).toEqual([
      { name: 'Anne Müller-Ğüç', address: 'anne@lib-a.example' },
      { name: '', address: 'koen.maes@lib-b.example' },
    ]);
    expect(parsed.cc).toEqual([{ name: 'Frédéric Çelik', address: 'fred@lib-a.example' }]);
    expect(parsed.replyTo).toEqual([{ name: 'Jürgen', address: 'jurgen@lib-a.example' }]);
    expect(parsed.from).toEqual({ name: '', address: FROM });
    expect(parsed.subject).toBe(
      'Réf. REQ-2027-000001 — compte créé pour « Zoë » (un sujet assez long pour être plié)',
    );
    // postal-mime keeps the line break that precedes a boundary in a quoted-printable or 7bit part.
    expect(parsed.text?.trimEnd()).toBe('Bonjour Zoë,\nvotre compte est créé : “prêt”, €, 日本.');
    expect(parsed.html?.trimEnd()).toBe('<p>Bonjour <b>Zoë</b></p>');
    const attachment = parsed.attachments.find((a) => a.mimeType === 'message/rfc822');
    expect(attachment?.filename).toBe('demande d’origine é.eml');
    expect(new Uint8Array(attachment!.content as ArrayBuffer)).toEqual(original);
  });

  const lineBreakCases: [string, Partial<OutgoingMail>, string?][] = [
    ['To', { to: ['anne@lib-a.example\r\nBcc: victim@evil.example'] }],
    ['Cc', { cc: ['koen@lib-b.example\nBcc: victim@evil.example'] }],
    ['Reply-To', { replyTo: ['anne@lib-a.example\r'] }],
    ['Subject', { subject: 'Compte\r\nBcc: victim@evil.example' }],
    ['In-Reply-To', { headers: { 'In-Reply-To': '<a@x>\r\nBcc: victim@evil.example' } }],
    ['References', { headers: { References: '<a@x>\n<b@x>' } }],
    ['Auto-Submitted', { headers: { 'Auto-Submitted': 'auto-replied\r\nX-Evil: 1' } }],
    ['X- header', { headers: { 'X-Alma-Accounts-Reference': 'REQ\nX-Evil: 1' } }],
    ['header name', { headers: { 'X-Evil\r\nBcc': 'victim@evil.example' } }],
    [
      'attachment filename',
      { attachments: [{ filename: 'a\r\n.eml', contentType: 'text/plain', content: new Uint8Array() }] },
    ],
    [
      'attachment type',
      { attachments: [{ filename: 'a.txt', contentType: 'text/plain\r\nX: 1', content: new Uint8Array() }] },
    ],
    ['From', {}, 'accounts@helpdesk.example.org\r\nBcc: victim@evil.example'],
  ];

  it.each(lineBreakCases)(
    'refuses a CR or LF in %s with a ValidationError, building nothing',
    async (_, change, from = FROM) => {
      const attempt = buildMime({ ...base, ...change }, from, OWN_ID, DATE);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(/mail not built: /);
    },
  );

  it('refuses a CR or LF in our own Message-ID', async () => {
    await expect(buildMime(base, FROM, 'id@x\r\nBcc: v@evil.example', DATE)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('refuses two addresses smuggled in one recipient, a header name that is no field name, and no recipient', async () => {
    const problems = async (mail: OutgoingMail) => {
      try {
        await buildMime(mail, FROM, OWN_ID, DATE);
      } catch (error) {
        if (error instanceof ValidationError) return error.problems;
      }
      return [];
    };
    expect(await problems({ ...base, to: ['a@lib-a.example, b@evil.example'] })).toEqual([
      'To[0]: not one address',
    ]);
    expect(await problems({ ...base, headers: { 'X Evil:': 'x' } })).toEqual([
      'header name "X Evil:" is not a field name',
    ]);
    expect(await problems({ ...base, to: [] })).toEqual(['To: no recipient']);
  });
});
