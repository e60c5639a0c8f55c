import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulatedNotification, simulatorScenario } from '../../../local/ses-simulator';
import { notificationOf } from '../../../shared/app/feedback/sns-event';
import {
  type AddressStanding,
  bounceQuestionState,
  decideFeedback,
  type FeedbackFacts,
  feedbackIdOf,
  feedbackOf,
  type RecipientFeedback,
  receivesNotices,
} from '../../../shared/domain/mail-feedback';
import { bounceQuestionMessage, feedbackHelpdeskMessage } from '../../../shared/domain/notices/notice-mails';
import { type LinkClaims, signLink, verifyLink } from '../../../shared/domain/notices/token';

const sample = (name: string) =>
  notificationOf(readFileSync(new URL(`../../../events/ses-feedback/${name}.json`, import.meta.url), 'utf8'));

const feedback = (over: Partial<RecipientFeedback> = {}): RecipientFeedback => ({
  feedbackId: 'fb-1',
  kind: 'permanent',
  email: 'jan@lib-a.example',
  at: '2031-03-01T06:00:02.000Z',
  detail: 'Permanent/General',
  mailKind: 'notice',
  requestReference: null,
  sesMessageId: 'ses-1',
  ...over,
});

const facts = (over: Partial<FeedbackFacts> = {}): FeedbackFacts => ({
  feedback: feedback(),
  standing: undefined,
  ownAccounts: [{ id: 'ACC-1', status: 'active' }],
  staffAddress: false,
  managerOf: [],
  transientLimit: 3,
  ...over,
});

describe('SES notifications (the samples under events/ses-feedback)', () => {
  it('reads one line per recipient of bounces and complaints, none of a delivery', () => {
    expect(feedbackOf(sample('bounce-permanent'))).toEqual([
      expect.objectContaining({
        kind: 'permanent',
        email: 'bounce@simulator.amazonses.com',
        detail: 'Permanent/General',
        mailKind: 'notice',
      }),
    ]);
    expect(feedbackOf(sample('bounce-transient'))[0]).toMatchObject({
      kind: 'transient',
      detail: 'Transient/MailboxFull',
    });
    expect(feedbackOf(sample('bounce-suppressed'))[0]).toMatchObject({
      kind: 'permanent',
      detail: 'Permanent/Suppressed',
    });
    expect(feedbackOf(sample('complaint'))[0]).toMatchObject({
      kind: 'complaint',
      email: 'complaint@simulator.amazonses.com',
    });
    expect(feedbackOf(sample('delivery-ooto'))).toEqual([]);
    expect(feedbackIdOf(sample('delivery-ooto'))).toBeNull();
  });

  it('the local simulator publishes the samples with the sent mail filled in', () => {
    expect(simulatorScenario('Bounce+x1@simulator.amazonses.com')).toBe('bounce');
    expect(simulatorScenario('bounce@example.org')).toBeUndefined();
    const built = notificationOf(
      JSON.stringify(
        simulatedNotification(
          'bounce',
          'bounce@simulator.amazonses.com',
          {
            messageId: 'm-1',
            from: 'accounts@x.example',
            mail: {
              to: ['bounce@simulator.amazonses.com'],
              subject: 's',
              text: 't',
              headers: { 'X-Alma-Accounts-Reference': 'REQ-1' },
            },
          },
          new Date('2031-03-01T06:00:00Z'),
          'fb-9',
        ),
      ),
    );
    const { mail: _m, bounce, ...rest } = built;
    const { mail: _s, bounce: sampleBounce, ...sampleRest } = sample('bounce-permanent');
    expect(rest).toEqual(sampleRest);
    expect(bounce).toMatchObject({
      ...sampleBounce,
      feedbackId: 'fb-9',
      timestamp: '2031-03-01T06:00:01.000Z',
    });
    expect(feedbackOf(built)[0]).toMatchObject({ mailKind: 'answer', sesMessageId: 'm-1' });
  });
});

describe('what a bounce or complaint does', () => {
  it('a permanent bounce of an account holder: undeliverable, history, the managers asked', () => {
    const plan = decideFeedback(facts());
    expect(plan.standing).toMatchObject({
      state: 'undeliverable',
      since: '2031-03-01T06:00:02.000Z',
      version: 1,
    });
    expect(plan.history).toEqual([expect.objectContaining({ accountId: 'ACC-1', action: 'mail-bounced' })]);
    expect(plan.askManagers).toEqual(['ACC-1']);
    expect(plan.tellHelpdesk).toEqual([]);
    expect(receivesNotices(plan.standing!)).toBe(false);
  });

  it('the same feedback again changes the standing no more, and plans the same keyed steps', () => {
    const first = decideFeedback(facts());
    const again = decideFeedback(facts({ standing: first.standing! }));
    expect(again.standing).toBeNull();
    expect(again.askManagers).toEqual(first.askManagers);
    expect(again.history).toEqual(first.history);
  });

  it('a closed account is not asked about', () => {
    const plan = decideFeedback(facts({ ownAccounts: [{ id: 'ACC-1', status: 'closed' }] }));
    expect(plan.askManagers).toEqual([]);
    expect(plan.history).toEqual([]);
  });

  it('transient bounces are counted and acted upon at the limit, each feedback once', () => {
    let standing: AddressStanding | undefined;
    for (const [i, expected] of [
      [1, 'deliverable'],
      [1, 'deliverable'],
      [2, 'deliverable'],
      [3, 'undeliverable'],
    ] as const) {
      const plan = decideFeedback(
        facts({ standing, feedback: feedback({ kind: 'transient', feedbackId: `t-${i}` }) }),
      );
      standing = plan.standing ?? standing;
      expect(standing!.state).toBe(expected);
      expect(plan.askManagers.length > 0).toBe(expected === 'undeliverable');
    }
    expect(standing!.transientBounces).toBe(3);
  });

  it("a supervisor's or a manager's address: the helpdesk, once per address", () => {
    const sup = decideFeedback(facts({ ownAccounts: [], staffAddress: true }));
    expect(sup.tellHelpdesk).toEqual([
      { key: expect.stringMatching(/^staff#[0-9a-f]{16}$/), reason: 'staff-bounce' },
    ]);
    const manager = decideFeedback(
      facts({ ownAccounts: [], managerOf: ['LIB-A'], feedback: feedback({ feedbackId: 'fb-2' }) }),
    );
    expect(manager.tellHelpdesk[0]!.key).toBe(sup.tellHelpdesk[0]!.key);
  });

  it('our answer to a request bounced: the helpdesk is told', () => {
    const plan = decideFeedback(facts({ ownAccounts: [], feedback: feedback({ mailKind: 'answer' }) }));
    expect(plan.tellHelpdesk).toEqual([
      { key: expect.stringMatching(/^answer#fb-1#/), reason: 'answer-bounce' },
    ]);
  });

  it('a complaint: no more notices, history, the helpdesk told; a later bounce makes it undeliverable', () => {
    const plan = decideFeedback(
      facts({ feedback: feedback({ kind: 'complaint', detail: 'Complaint/abuse' }) }),
    );
    expect(plan.standing).toMatchObject({ state: 'complained' });
    expect(plan.history[0]).toMatchObject({ action: 'mail-complaint' });
    expect(plan.askManagers).toEqual([]);
    expect(plan.tellHelpdesk[0]).toMatchObject({ reason: 'complaint' });
    expect(receivesNotices(plan.standing!)).toBe(false);
    const later = decideFeedback(
      facts({ standing: plan.standing!, feedback: feedback({ feedbackId: 'fb-3' }) }),
    );
    expect(later.standing!.state).toBe('undeliverable');
  });
});

describe('bounce links and texts', () => {
  it('a bounce link carries its account and choice', async () => {
    const claims: LinkClaims = {
      purpose: 'bounce',
      accountId: 'ACC-7',
      decision: 'keep',
      expiresAt: 2_000_000_000,
    };
    expect(
      await verifyLink(await signLink(claims, 'k'.repeat(43)), 'k'.repeat(43), new Date('2031-01-01')),
    ).toEqual({
      ok: true,
      claims,
    });
  });

  it('asks in the institution language, escapes the HTML', () => {
    const input = {
      mailbox: 'accounts@x.example',
      institutionName: 'Bibliothèque <A>',
      fullName: 'Jan Peeters',
      email: 'jan@lib-a.example',
      accountId: 'ACC-1',
      detail: 'Permanent/General',
      closeUrl: 'https://d.example/decision?t=c',
      keepUrl: 'https://d.example/decision?t=k',
      portalUrl: 'https://d.example/portal/accounts/ACC-1',
    };
    expect(bounceQuestionMessage('nl', input).subject).toBe(
      'Mail aan jan@lib-a.example komt terug: is Jan Peeters vertrokken?',
    );
    expect(bounceQuestionMessage('fr', input).html).toContain('Bibliothèque &lt;A&gt;');
    expect(
      feedbackHelpdeskMessage('en', {
        mailbox: 'm@x.example',
        reason: 'complaint',
        email: 'c@x.example',
        detail: 'Complaint/abuse',
        roles: [],
      }).subject,
    ).toBe('Spam complaint: c@x.example');
  });
});

describe('bounceQuestionState: one rule for the bounce links and the portal', () => {
  const open = { status: 'active' as const };
  const bounced = { state: 'undeliverable' as const };
  const bounce = (at: string) => ({ action: 'mail-bounced', at });
  const kept = (at: string) => ({ action: 'bounce-kept', at });

  it('open while the address bounces and nobody answered since the last bounce', () => {
    expect(bounceQuestionState(open, bounced, [bounce('2031-03-01T07:00:00.000Z')])).toBe('open');
  });

  it('kept once a manager answered "keep" after the last bounce, wherever they answered', () => {
    expect(
      bounceQuestionState(open, bounced, [
        bounce('2031-03-01T07:00:00.000Z'),
        kept('2031-03-02T09:00:00.000Z'),
      ]),
    ).toBe('kept');
  });

  it('open again when the address bounced after the "keep"', () => {
    expect(
      bounceQuestionState(open, bounced, [
        kept('2031-03-02T09:00:00.000Z'),
        bounce('2031-04-01T07:00:00.000Z'),
        bounce('2031-02-01T07:00:00.000Z'),
      ]),
    ).toBe('open');
  });

  it('closed, or changed when the account is gone or its address takes mail', () => {
    expect(bounceQuestionState({ status: 'closed' }, bounced, [])).toBe('closed');
    expect(bounceQuestionState(undefined, bounced, [])).toBe('changed');
    expect(bounceQuestionState(open, undefined, [bounce('2031-03-01T07:00:00.000Z')])).toBe('changed');
    expect(bounceQuestionState(open, { state: 'deliverable' }, [])).toBe('changed');
  });
});

describe('a bounced answer names its request', () => {
  const bounceOf = (reference: string) =>
    notificationOf(
      JSON.stringify(
        simulatedNotification(
          'bounce',
          'bounce@simulator.amazonses.com',
          {
            messageId: 'm-2',
            from: 'accounts@x.example',
            mail: {
              to: ['bounce@simulator.amazonses.com'],
              subject: 's',
              text: 't',
              headers: { 'X-Alma-Accounts-Reference': reference },
            },
          },
          new Date('2031-03-01T06:00:00Z'),
          'fb-10',
        ),
      ),
    );

  it('reads the REQ reference of our answer, and only a REQ reference', () => {
    expect(feedbackOf(bounceOf('REQ-2031-AB12CD'))[0]).toMatchObject({
      mailKind: 'answer',
      requestReference: 'REQ-2031-AB12CD',
    });
    expect(feedbackOf(bounceOf('none'))[0]).toMatchObject({ mailKind: 'answer', requestReference: null });
    expect(feedbackOf(bounceOf('notice'))[0]).toMatchObject({ mailKind: 'notice', requestReference: null });
  });

  it("the helpdesk's message says which request's answer bounced", () => {
    const message = (reference: string | null) =>
      feedbackHelpdeskMessage('en', {
        mailbox: 'm@x.example',
        reason: 'answer-bounce',
        email: 'anne@lib-a.example',
        detail: 'Permanent/General',
        reference,
        roles: [],
      });
    expect(message('REQ-2031-AB12CD').subject).toBe(
      'Our answer to REQ-2031-AB12CD bounced: anne@lib-a.example',
    );
    expect(message('REQ-2031-AB12CD').text).toContain('Our answer to request REQ-2031-AB12CD, sent to');
    expect(message(null).subject).toBe('Our answer to a request bounced: anne@lib-a.example');
  });
});
