import { describe, expect, it } from 'vitest';
import {
  DRIFT_LINES_PER_INSTITUTION,
  driftRecordOf,
  type InstitutionDriftInput,
} from '../../../shared/domain/alma/drift-record';
import type { CalendarDate } from '../../../shared/domain/calendar';
import {
  FORWARDED_PARTITION,
  forwardedListKeys,
  forwardedMailOf,
} from '../../../shared/domain/portal/list-keys';
import type { InboundPlan } from '../../../shared/domain/requests';

const ranAt = new Date('2027-02-08T05:30:00Z');

function drift(code: string, missing: number, differs = 0, unknown = 0): InstitutionDriftInput {
  const person = (i: number) => ({
    accountId: `ACC-${code}${i}`,
    fullName: `Person ${i} ${'x'.repeat(20)}`,
    email: `person${i}@${code.toLowerCase()}.example`,
    primaryId: `person${i}@${code.toLowerCase()}.example`,
  });
  return {
    institution: code,
    accounts: missing + differs,
    almaUsers: differs + unknown,
    missing: Array.from({ length: missing }, (_, i) => person(i)),
    differs: Array.from({ length: differs }, (_, i) => ({
      ...person(1000 + i),
      registryExpiry: '2027-05-30' as CalendarDate,
      almaExpiry: '2030-01-01' as CalendarDate,
    })),
    unknown: Array.from({ length: unknown }, (_, i) => ({
      primaryId: `stranger${i}`,
      name: `Stranger ${i}`,
    })),
  };
}

describe('the drift report as the portal keeps it', () => {
  it('keeps every line of a small report, missing first, then differs, then unknown users', () => {
    // Act
    const record = driftRecordOf({ week: '2027-W06', institutions: [drift('LIB-A', 1, 1, 1)] }, ranAt);

    // Assess
    expect(record).toMatchObject({ week: '2027-W06', ranAt: '2027-02-08T05:30:00.000Z' });
    const lib = record.institutions[0]!;
    expect(lib.counts).toEqual({ missing: 1, differs: 1, unknown: 1 });
    expect(lib.lines.map((l) => l.kind)).toEqual(['missing', 'differs', 'unknown']);
    expect(lib.lines[1]).toMatchObject({ registryExpiry: '2027-05-30', almaExpiry: '2030-01-01' });
    expect(lib.lines[2]).not.toHaveProperty('accountId');
    expect(lib.leftOut).toBe(0);
  });

  it('caps the lines per institution and counts what it left out', () => {
    const record = driftRecordOf({ week: '2027-W06', institutions: [drift('LIB-A', 150, 100, 50)] }, ranAt);

    const lib = record.institutions[0]!;
    expect(lib.lines).toHaveLength(DRIFT_LINES_PER_INSTITUTION);
    expect(lib.leftOut).toBe(300 - DRIFT_LINES_PER_INSTITUTION);
    expect(lib.counts).toEqual({ missing: 150, differs: 100, unknown: 50 });
  });

  it('stays under the item size with many institutions full of differences (the cap halves)', () => {
    const institutions = Array.from({ length: 40 }, (_, i) => drift(`LIB-${i}`, 500));

    const record = driftRecordOf({ week: '2027-W06', institutions }, ranAt, { maxBytes: 300_000 });

    expect(new TextEncoder().encode(JSON.stringify(record)).length).toBeLessThanOrEqual(300_000);
    expect(record.institutions).toHaveLength(40);
    for (const lib of record.institutions) {
      expect(lib.lines.length).toBeGreaterThan(0);
      expect(lib.lines.length + lib.leftOut).toBe(500);
    }
  });

  it('keeps why an institution could not be compared', () => {
    const record = driftRecordOf(
      { week: '2027-W06', institutions: [{ ...drift('LIB-A', 0), failed: 'API key invalid' }] },
      ranAt,
    );
    expect(record.institutions[0]).toMatchObject({ failed: 'API key invalid', lines: [], leftOut: 0 });
  });
});

describe('forwarded mail in the list of what needs a person', () => {
  const base: InboundPlan = {
    messageId: 'm1@example',
    decidedAt: '2027-03-01T09:00:00.000Z',
    result: {
      outcome: 'forwarded',
      kind: 'other',
      reference: null,
      missing: [],
      reason: 'not an account request',
      account: null,
    },
    answers: [
      {
        id: 'forward',
        attachOriginal: true,
        mail: {
          to: ['helpdesk@example'],
          replyTo: ['anne@lib-a.example'],
          subject: 'Fwd: printer',
          text: '',
        },
      },
    ],
  };

  it('keys a forwarded plan newest-sortable in one partition; other plans not at all', () => {
    const forwarded = forwardedMailOf(base)!;
    expect(forwardedListKeys(forwarded)).toEqual({
      GSI9PK: FORWARDED_PARTITION,
      GSI9SK: '2027-03-01T09:00:00.000Z!m1@example',
    });
    expect(forwardedMailOf({ ...base, result: { ...base.result, outcome: 'accepted' } })).toBeUndefined();
  });

  it('reads a plan recorded before the summary was kept from its forward', () => {
    expect(forwardedMailOf(base)).toEqual({
      messageId: 'm1@example',
      sender: 'anne@lib-a.example',
      institution: null,
      subject: 'Fwd: printer',
      receivedAt: '2027-03-01T09:00:00.000Z',
      reason: 'not an account request',
      reference: null,
    });
  });
});
