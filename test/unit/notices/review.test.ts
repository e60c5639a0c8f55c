import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import {
  decideReview,
  type ReviewDecisionRecord,
  reviewStateOf,
  undecidedAtDeadline,
  undecidedChoice,
} from '../../../shared/domain/notices/review';
import { anAccount } from '../../support/accounts';

const d = (s: string) => s as CalendarDate;
const at = new Date('2031-11-20T10:00:00Z');
const volunteer = anAccount({
  employeeType: 'volunteer',
  missionEndDate: null,
  endDate: d('2031-12-31'),
  version: 3,
});
const decide = (
  account = volunteer,
  decision: 'renew' | 'not-renew' = 'renew',
  record?: ReviewDecisionRecord,
) =>
  decideReview({
    account,
    campaign: 2031,
    record,
    decision,
    at,
    actor: 'decision-link',
    via: 'L-1',
    reason: 'test',
  });

describe('yearly review decisions', () => {
  it('renews to 31 December next year with a version+1 history event', () => {
    const result = decide();
    expect(result.kind).toBe('decided');
    if (result.kind !== 'decided') return;
    expect(result.next).toMatchObject({ endDate: '2032-12-31', version: 4 });
    expect(result.event).toMatchObject({
      action: 'review-decision',
      actor: 'decision-link',
      reference: 'L-1',
      changes: { endDate: { from: '2031-12-31', to: '2032-12-31' } },
    });
    expect(result.record).toMatchObject({ decision: 'renew', campaign: 2031, via: 'L-1' });
  });

  it('lets people change their mind: "do not renew" after a renewal moves the end back', () => {
    const first = decide();
    if (first.kind !== 'decided') throw new Error('expected a decision');
    const renewed = first.next!;
    expect(reviewStateOf(renewed, 2031, first.record)).toBe('renewed');
    const second = decide(renewed, 'not-renew', first.record);
    expect(second).toMatchObject({ kind: 'decided', next: { endDate: '2031-12-31', version: 5 } });
  });

  it('records "do not renew" in history only, and a repeated choice changes nothing', () => {
    const result = decide(volunteer, 'not-renew');
    expect(result).toMatchObject({ kind: 'decided', next: null, record: { decision: 'not-renew' } });
    if (result.kind !== 'decided') return;
    expect(decide(volunteer, 'not-renew', result.record)).toEqual({
      kind: 'unchanged',
      state: 'not-renewed',
    });
  });

  it('refuses accounts outside the campaign', () => {
    expect(decide(anAccount({ endDate: d('2031-06-30') })).kind).toBe('refused');
    expect(decide({ ...volunteer, status: 'closed' }).kind).toBe('refused');
    expect(decide({ ...volunteer, deactivationDate: d('2031-12-01') }).kind).toBe('refused');
    expect(decide({ ...volunteer, endDate: d('2032-12-31') }).kind).toBe('refused');
  });
});

describe('the undecided rule on 31 December', () => {
  it('"expire" is a do-not-renew, "renew" a renewal', () => {
    expect(undecidedChoice('expire')).toBe('not-renew');
    expect(undecidedChoice('renew')).toBe('renew');
  });
  it('applies to the undecided accounts, those the expiry job marked expired after 1 January too', () => {
    const expired = { ...volunteer, id: 'ACC-EXP', status: 'expired' as const };
    const decided = { ...volunteer, id: 'ACC-NO' };
    const closing = { ...volunteer, id: 'ACC-CLOSING', deactivationDate: d('2031-12-15') };
    const other = { ...volunteer, id: 'ACC-LATER', endDate: d('2032-06-30') };
    const records = new Map<string, ReviewDecisionRecord>([
      [
        'ACC-NO',
        {
          campaign: 2031,
          accountId: 'ACC-NO',
          institution: volunteer.institution,
          decision: 'not-renew',
          decidedAt: at.toISOString(),
          actor: 'decision-link',
          via: 'L-1',
        },
      ],
    ]);
    expect(
      undecidedAtDeadline([volunteer, expired, decided, closing, other], 2031, records).map((a) => a.id),
    ).toEqual([volunteer.id, 'ACC-EXP']);
  });
});
