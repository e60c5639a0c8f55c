import { beforeAll, describe, expect, it } from 'vitest';
import { planImport } from '../../shared/app/account-import';
import type { AppContext } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { CSV_COLUMNS } from '../../shared/domain/import-row';
import { anAccount, createdEvent } from '../support/accounts';
import { testContext } from '../support/context';

/**
 * One rule set for every way in: each case goes through a request mail (receiveInboundMail) and
 * through an import row (planImport), against the same store, and both give the same verdict.
 */
const NOW = new Date('2027-01-10T10:00:00+01:00');
const MANAGER = 'anne.dubois@lib-a.example';

interface Case {
  name: string;
  employeeType: 'permanent' | 'temporary' | 'student' | 'intern' | 'volunteer';
  accountType?: 'personal' | 'shared';
  /** `$self` is the employee's own address. */
  supervisor?: string;
  /** A mission end in the mail, the account's end in the CSV: only the verdict is compared. */
  end?: string;
  verdict: 'accepted' | 'supervisorEmail' | 'endDate';
}

const CASES: Case[] = [
  {
    name: 'a temporary employee with a supervisor of the institution',
    employeeType: 'temporary',
    supervisor: 'boss@lib-a.example',
    end: '2027-06-30',
    verdict: 'accepted',
  },
  {
    name: 'the supervisor is the employee',
    employeeType: 'temporary',
    supervisor: '$self',
    end: '2027-06-30',
    verdict: 'supervisorEmail',
  },
  {
    name: "the supervisor is outside the institution's domains",
    employeeType: 'student',
    supervisor: 'friend@gmail.example',
    end: '2027-06-30',
    verdict: 'supervisorEmail',
  },
  {
    name: 'the supervisor is a volunteer',
    employeeType: 'intern',
    supervisor: 'vol.sup@lib-a.example',
    end: '2027-06-30',
    verdict: 'supervisorEmail',
  },
  {
    name: "the supervisor is another institution's manager",
    employeeType: 'temporary',
    supervisor: 'koen.maes@lib-b.example',
    end: '2027-06-30',
    verdict: 'supervisorEmail',
  },
  { name: 'a volunteer without an end', employeeType: 'volunteer', supervisor: MANAGER, verdict: 'accepted' },
  {
    name: 'a temporary employee without an end',
    employeeType: 'temporary',
    supervisor: MANAGER,
    verdict: 'endDate',
  },
  {
    name: 'a permanent employee with an end',
    employeeType: 'permanent',
    end: '2027-06-30',
    verdict: 'endDate',
  },
  {
    name: 'a shared account with an end',
    employeeType: 'permanent',
    accountType: 'shared',
    end: '2027-06-30',
    verdict: 'endDate',
  },
  {
    name: 'an end date in the past',
    employeeType: 'temporary',
    supervisor: MANAGER,
    end: '2020-06-30',
    verdict: 'endDate',
  },
  {
    name: 'an end date beyond the horizon',
    employeeType: 'student',
    supervisor: MANAGER,
    end: '2077-01-10',
    verdict: 'endDate',
  },
];

function requestMail(c: Case, email: string, i: number): Buffer {
  const shared = c.accountType === 'shared';
  const lines = [
    'Return-Path: <bounce@lib-a.example>',
    'Authentication-Results: amazonses.com; spf=pass',
    ' smtp.mailfrom=bounce@lib-a.example; dkim=pass header.i=@lib-a.example;',
    ' dmarc=pass header.from=lib-a.example;',
    `From: Anne Dubois <${MANAGER}>`,
    'To: accounts@helpdesk.example.org',
    `Subject: New Alma ${shared ? 'shared account' : 'account'}`,
    'Date: Sun, 10 Jan 2027 09:00:00 +0100',
    `Message-ID: <same-verdict-${i}@lib-a.example>`,
    'Content-Type: text/plain; charset="utf-8"',
    'MIME-Version: 1.0',
    '',
    'Hello,',
    `Full name: ${shared ? 'Front desk' : `Case ${i}`}`,
    `E-mail: ${email}`,
    `Account type: ${shared ? 'shared' : 'personal'}`,
    `Employee type: ${c.employeeType}`,
    ...(c.supervisor ? [`Supervisor: ${c.supervisor === '$self' ? email : c.supervisor}`] : []),
    ...(c.end ? [`End date: ${c.end}`] : []),
    'Tasks: loans',
    'Thank you',
  ];
  return Buffer.from(lines.join('\r\n'));
}

function importLine(c: Case, email: string, i: number): string {
  const supervisor = c.supervisor === '$self' ? email : (c.supervisor ?? '');
  return [
    `Case ${i}`,
    email,
    c.accountType ?? 'personal',
    c.employeeType,
    supervisor,
    'LIB-A',
    c.end ?? '',
    'loans',
  ].join(',');
}

describe('one rule set: a request mail and an import row give the same verdict', () => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await testContext();
    const volunteer = anAccount({ email: 'vol.sup@lib-a.example', employeeType: 'volunteer' });
    await ctx.accounts.create(volunteer, createdEvent(volunteer));
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_, c, i) => {
    // Prepare: distinct employees, since an accepted mail creates its account.
    const byMail = `mail${i}@lib-a.example`;
    const byImport = `csv${i}@lib-a.example`;

    // Act
    const result = await receiveInboundMail(ctx, {
      messageId: `ses-same-verdict-${i}`,
      raw: requestMail(c, byMail, i),
      receipt: null,
      now: NOW,
    });
    const imported = await planImport(
      ctx,
      `${CSV_COLUMNS.join(',')}\r\n${importLine(c, byImport, i)}\r\n`,
      NOW,
    );

    // Assess: the mail asks for the field the import names (the mail's mission end is the CSV's endDate).
    const mailVerdict =
      result.outcome === 'accepted'
        ? 'accepted'
        : result.outcome === 'needs-info' && result.missing.length === 1
          ? result.missing[0] === 'missionEndDate'
            ? 'endDate'
            : result.missing[0]
          : `${result.outcome} ${result.missing.join(',')} ${result.reason}`;
    const importVerdict =
      imported.problems.length === 0
        ? 'accepted'
        : imported.problems.map((p) => p.reason.slice(0, p.reason.search(/[ "]/))).join(',');
    expect({ mail: mailVerdict, import: importVerdict }).toEqual({ mail: c.verdict, import: c.verdict });
    if (c.verdict === 'accepted' && !c.end) {
      // A volunteer without an end ends on 31 December either way.
      expect(result.account?.endDate).toBe('2027-12-31');
      expect(imported.accounts[0]?.endDate).toBe('2027-12-31');
    }
  });
});
