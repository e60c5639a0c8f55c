import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { LANGUAGES, type Language } from '../../../shared/domain/language';
import {
  deactivationListMessage,
  expiryMessage,
  reviewFinalMessage,
  reviewMessage,
  rotationListMessage,
  rotationMessage,
} from '../../../shared/domain/notices/notice-mails';
import { escapeHtml } from '../../../shared/domain/texts/html';

const d = (s: string) => s as CalendarDate;
const evil = { fullName: `<script>alert("x")</script> O'Brien & Co`, email: 'x@lib-a.example' };
const LANGS: readonly Language[] = LANGUAGES;

function allMessages(language: Language) {
  return [
    expiryMessage(language, {
      institutionName: 'Bib <A>',
      mailbox: 'accounts@h.example',
      lines: [{ ...evil, endDate: d('2031-06-30'), daysLeft: 7 }],
    }),
    reviewMessage(language, {
      stage: 'start',
      campaign: 2031,
      institutionName: 'Bib <A>',
      mailbox: 'accounts@h.example',
      lastDecisionDay: d('2031-12-30'),
      undecided: 'expire',
      lines: [
        {
          ...evil,
          employeeType: 'volunteer',
          renewUrl: 'http://h/decision?t=a.b&x=1',
          notRenewUrl: 'http://h/decision?t=c.d',
        },
      ],
    }),
    reviewFinalMessage(language, {
      campaign: 2031,
      mailbox: 'accounts@h.example',
      lines: [{ ...evil, institutionName: 'Bib <A>', decision: 'renew', byPolicy: false }],
    }),
    rotationMessage(language, {
      institutionName: 'Bib <A>',
      mailbox: 'accounts@h.example',
      rotationDate: d('2031-09-01'),
      daysLeft: 30,
      revealDays: 14,
      confirmFirst: false,
      lines: [
        { ...evil, handover: 'link' },
        { ...evil, handover: 'helpdesk' },
      ],
    }),
    rotationListMessage(language, {
      mailbox: 'accounts@h.example',
      rotationDate: d('2031-09-01'),
      lines: [{ ...evil, institutionName: 'Bib <A>' }],
    }),
    deactivationListMessage(language, {
      mailbox: 'accounts@h.example',
      today: d('2031-07-01'),
      lines: [
        {
          ...evil,
          institutionName: 'Bib <A>',
          accountId: 'ACC-1',
          reason: 'expired',
          date: d('2031-06-30'),
          closeUrl: 'http://h/decision?t=e.f',
        },
      ],
      pending: [],
    }),
  ];
}

describe('notice messages', () => {
  it.each(LANGS)('escapes every name in HTML and keeps the text readable (%s)', (language) => {
    for (const message of allMessages(language)) {
      expect(message.html).not.toContain('<script>');
      expect(message.html).toContain(escapeHtml(evil.fullName));
      expect(message.html).toContain(`<html lang="${language}">`);
      expect(message.text).toContain(evil.fullName);
      expect(message.subject.length).toBeGreaterThan(10);
    }
  });

  it('writes dates the Belgian way and speaks the institution language', () => {
    const [fr] = allMessages('fr');
    const [nl] = allMessages('nl');
    const [en] = allMessages('en');
    expect(fr!.text).toContain('30/06/2031');
    expect(fr!.text).toContain('dans 7 jours');
    expect(fr!.text).toContain('Nouvelle date de fin');
    expect(nl!.text).toContain('over 7 dagen');
    expect(nl!.text).toContain('Nieuwe einddatum');
    expect(en!.text).toContain('in 7 days');
    expect(en!.text).toContain('New end date');
    expect(fr!.text).not.toContain('2031-06-30');
  });

  it('puts both decision links in the review message, escaped in HTML', () => {
    const review = allMessages('nl')[1]!;
    expect(review.text).toContain('Een jaar verlengen: http://h/decision?t=a.b&x=1');
    expect(review.text).toContain('Niet verlengen: http://h/decision?t=c.d');
    expect(review.html).toContain('href="http://h/decision?t=a.b&amp;x=1"');
    expect(review.text).toContain('31/12/2032');
    expect(review.text).toContain('30/12/2031');
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
