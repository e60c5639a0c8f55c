import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountsToCsv, planImport } from '../../shared/app/account-import';
import type { AppContext } from '../../shared/app/context';
import type { Account } from '../../shared/domain/account';
import type { CalendarDate } from '../../shared/domain/calendar';
import { CSV_COLUMNS, EXPORT_COLUMNS } from '../../shared/domain/import-row';
import { anAccount, createdEvent } from '../support/accounts';
import { testContext } from '../support/context';

const HEADER = CSV_COLUMNS.join(',');
const NOW = new Date('2027-01-10T10:00:00+01:00');
const csvFields = (a: Account) => [
  a.fullName,
  a.email,
  a.accountType,
  a.employeeType,
  a.supervisorEmail,
  a.institution,
  a.endDate,
  a.tasks,
];

describe('CSV import and export (csv-parse / csv-stringify) against DynamoDB Local', () => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = await testContext();
  });

  it('names the physical line of a bad row after a quoted cell holding line breaks', async () => {
    const text = [
      HEADER,
      'Anne Multi-line,anne.m@lib-a.example,personal,permanent,,LIB-A,,"prêt,\r\nretours,\nrangement"',
      'Bad Row,not-an-email,personal,permanent,,LIB-A,,prêt',
    ].join('\n');
    // Records: header (line 1), Anne (lines 2-4), the bad row on line 5, not record 3.
    expect(await planImport(ctx, text, NOW)).toEqual({
      accounts: [],
      problems: [{ line: 5, reason: 'email "not-an-email" is not an e-mail address' }],
    });
  });

  it('refuses "b"c (it used to become bc), naming its line, and checks the rows after it too', async () => {
    const text = [
      HEADER,
      'Ok,ok@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Late,late@lib-a.example,personal,volunteer,,LIB-A,2027-12-31,prêt',
      'Quote,"b"c@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Read,read@lib-a.example,personal,permanent,,LIB-Z,,prêt',
    ].join('\r\n');
    const { accounts, problems } = await planImport(ctx, text, NOW);
    expect(accounts).toEqual([]);
    expect(problems).toEqual([
      { line: 3, reason: 'supervisorEmail is required for a volunteer employee' },
      {
        line: 4,
        reason: expect.stringMatching(/^malformed quotes: a quoted field must end at its closing quote/),
      },
      { line: 5, reason: 'institution "LIB-Z" is not in the config' },
    ]);
  });

  it('refuses an unterminated quote, naming the line where it opens, and reads on from the next line', async () => {
    const text = `${HEADER}\nOk,ok@lib-a.example,personal,permanent,,LIB-A,,prêt\nOpen,open@lib-a.example,personal,permanent,,LIB-A,,"prêt\nAfter,not-an-email,personal,permanent,,LIB-A,,prêt\n`;
    expect((await planImport(ctx, text, NOW)).problems).toEqual([
      { line: 3, reason: 'unterminated quoted field' },
      { line: 4, reason: 'email "not-an-email" is not an e-mail address' },
    ]);
  });

  it('checks every row after stray quotes, each named on its own line, and writes nothing', async () => {
    const text = [
      HEADER,
      'Stray,st"ray@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Bad,bad@lib-a.example,personal,temporary,outsider@gmail.example,LIB-A,2027-06-30,prêt',
      'Closing,"clos"ing@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Old,old@lib-a.example,personal,student,boss@lib-a.example,LIB-A,2020-06-30,prêt',
      'Good,good@lib-a.example,personal,permanent,,LIB-A,,prêt',
    ].join('\r\n');
    const { accounts, problems } = await planImport(ctx, text, NOW);
    expect(accounts).toEqual([]);
    expect(problems.map((p) => [p.line, p.reason.slice(0, 24)])).toEqual([
      [2, 'malformed quotes: a quot'],
      [3, 'supervisorEmail "outside'],
      [4, 'malformed quotes: a quot'],
      [5, 'endDate "2020-06-30" is '],
    ]);
  });

  it('checks the header (a BOM before it is fine) and says so on line 1', async () => {
    const row = 'Bom Person,bom@lib-a.example,personal,permanent,,LIB-A,,prêt';
    const withBom = await planImport(ctx, `\uFEFF${HEADER}\r\n${row}\r\n`, NOW);
    expect(withBom.problems).toEqual([]);
    expect(withBom.accounts.map((a) => a.email)).toEqual(['bom@lib-a.example']);
    for (const text of ['', 'name,email\nA,a@lib-a.example\n', '"fullName,email\n']) {
      expect((await planImport(ctx, text, NOW)).problems).toEqual([
        {
          line: 1,
          reason: `header must be exactly: ${HEADER} (or an export's: ${EXPORT_COLUMNS.join(',')})`,
        },
      ]);
    }
  });

  it('reads a stream as well as a text', async () => {
    const chunks = [
      `${HEADER}\nStream Person,stream@lib-a.`,
      'example,personal,permanent,,LIB-A,,"prêt',
      '"\n',
    ];
    const { accounts, problems } = await planImport(ctx, Readable.from(chunks), NOW);
    expect(problems).toEqual([]);
    expect(accounts.map(csvFields)).toEqual([
      ['Stream Person', 'stream@lib-a.example', 'personal', 'permanent', null, 'LIB-A', null, 'prêt'],
    ]);
  });

  it('exports formula-like cells as text and imports the export back to the same accounts', async () => {
    const stored = [
      anAccount({ fullName: '=HYPERLINK("http://evil.example","clic")', email: '-dash@lib-a.example' }),
      anAccount({ fullName: "'t Hooft, Anna", tasks: '+1 prêt; "retours"', email: '+plus@lib-a.example' }),
      anAccount({ fullName: '@Someone', tasks: "'=already guarded", email: 'at@lib-a.example' }),
      anAccount({
        fullName: 'Permanent',
        employeeType: 'permanent',
        supervisorEmail: null,
        endDate: null,
        missionEndDate: null,
        tasks: 'two\nlines, and -1',
        email: 'perm@lib-a.example',
      }),
    ];
    const text = accountsToCsv(stored);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""clic""\)",'-dash@lib-a\.example,/);
    expect(lines[2]).toMatch(/^"'t Hooft, Anna",'\+plus@lib-a\.example,.*,"'\+1 prêt; ""retours""",/);
    expect(lines[3]).toMatch(/^'@Someone,at@lib-a\.example,.*,''=already guarded,/);
    expect(text.endsWith('\r\n')).toBe(true);

    const { accounts, problems } = await planImport(ctx, text, NOW);
    expect(problems).toEqual([]);
    expect(accounts.map(csvFields)).toEqual(stored.map(csvFields));
  });

  it('exports every stored field, and imports an export back: active accounts with their pending deactivation, others refused on their line', async () => {
    const pending = anAccount({
      email: 'leaving@lib-a.example',
      deactivationDate: '2031-09-01' as CalendarDate,
    });
    const closed = anAccount({ email: 'gone@lib-a.example', status: 'closed' });
    const text = accountsToCsv([pending, closed]);
    const [header, first, second] = text.split('\r\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    const cells = (line: string) =>
      Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, (parse(line) as string[][])[0]![i]]));
    expect(cells(first!)).toMatchObject({ deactivationDate: '2031-09-01', status: 'active', id: pending.id });
    expect(cells(second!)).toMatchObject({ status: 'closed', id: closed.id });
    const { accounts, problems } = await planImport(ctx, text, NOW);
    expect(problems).toEqual([
      {
        line: 3,
        reason:
          'status "closed": only active accounts are imported (an export lists closed and expired ones too)',
      },
    ]);
    expect(accounts).toEqual([]);
    const back = await planImport(ctx, accountsToCsv([pending]), NOW);
    expect(back.problems).toEqual([]);
    expect(back.accounts.map((a) => [a.email, a.deactivationDate])).toEqual([
      ['leaving@lib-a.example', '2031-09-01'],
    ]);
  });

  it('refuses names with control or direction characters and end dates beyond the horizon, writing nothing', async () => {
    const text = [
      HEADER,
      '"Anne\nForged",a1@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Evil\u202eeman,a2@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Bell\u0007,a3@lib-a.example,personal,permanent,,LIB-A,,prêt',
      'Nul Task,a4@lib-a.example,personal,permanent,,LIB-A,,"prêt\u0000"',
      'Forever,a5@lib-a.example,personal,temporary,boss@lib-a.example,LIB-A,9999-12-31,prêt',
      'Fifty,a6@lib-a.example,personal,temporary,boss@lib-a.example,LIB-A,2077-01-10,prêt',
      'Fine,a7@lib-a.example,personal,temporary,boss@lib-a.example,LIB-A,2031-12-31,"prêt\r\nretours\tcomptoir"',
    ].join('\n');
    const { accounts, problems } = await planImport(ctx, text, NOW);
    expect(accounts).toEqual([]);
    const name = 'fullName holds a control or direction character (a line break too)';
    const far = (date: string) =>
      `endDate "${date}" is more than 5 years ahead: leave it empty for an account without end`;
    expect(problems).toEqual([
      { line: 2, reason: name },
      { line: 4, reason: name },
      { line: 5, reason: name },
      { line: 6, reason: 'tasks holds a control or direction character' },
      { line: 7, reason: far('9999-12-31') },
      { line: 8, reason: far('2077-01-10') },
    ]);
  });

  it('still refuses rows that already have an open account, naming their line', async () => {
    const existing = anAccount({ email: 'already@lib-a.example' });
    await ctx.accounts.create(existing, createdEvent(existing));
    const text = `${HEADER}\nName,already@lib-a.example,personal,permanent,,LIB-A,,"prêt\nretours"\n`;
    expect((await planImport(ctx, text, NOW)).problems).toEqual([
      { line: 2, reason: 'LIB-A already has an open account for this email' },
    ]);
  });

  it("applies the mail's supervisor rule: not the employee, not outside, not another institution's, not a non-permanent account", async () => {
    // A volunteer of LIB-A in the store, and a closed student account (closed ones do not count).
    const volunteer = anAccount({ email: 'vol.sup@lib-a.example', employeeType: 'volunteer' });
    const former = anAccount({
      email: 'former.student@lib-a.example',
      employeeType: 'student',
      status: 'closed',
    });
    for (const a of [volunteer, former]) await ctx.accounts.create(a, createdEvent(a));
    const row = (n: number, supervisor: string, type = 'temporary', end = '2027-06-30') =>
      `Row ${n},s${n}@lib-a.example,personal,${type},${supervisor},LIB-A,${end},prêt`;
    const text = [
      HEADER,
      row(2, 's2@lib-a.example'),
      row(3, 'friend@gmail.example'),
      row(4, 'koen.maes@lib-b.example'),
      row(5, 'vol.sup@lib-a.example'),
      row(6, 's7@lib-a.example'), // a student row further down the same file
      row(7, 'anne.dubois@lib-a.example', 'student'),
      row(8, 'former.student@lib-a.example'),
      row(9, 'anne.dubois@lib-a.example', 'volunteer', ''),
    ].join('\n');
    const cannot = (who: string) =>
      `supervisorEmail "${who}" cannot supervise: it must be a permanent employee of LIB-A (one of its managers or an address of its domains), not the employee`;
    const { problems } = await planImport(ctx, text, NOW);
    expect(problems).toEqual([
      { line: 2, reason: cannot('s2@lib-a.example') },
      { line: 3, reason: cannot('friend@gmail.example') },
      { line: 4, reason: cannot('koen.maes@lib-b.example') },
      {
        line: 5,
        reason:
          'supervisorEmail "vol.sup@lib-a.example" cannot supervise: it has a non-permanent account in LIB-A',
      },
      {
        line: 6,
        reason:
          'supervisorEmail "s7@lib-a.example" cannot supervise: it has a non-permanent account in LIB-A (line 7)',
      },
    ]);
  });

  it("applies the mail's end-date rules: volunteer → 31 December, none for permanent or shared, none past", async () => {
    const text = [
      HEADER,
      'Vol,v1@lib-a.example,personal,volunteer,anne.dubois@lib-a.example,LIB-A,,prêt',
      'Perm,v2@lib-a.example,personal,permanent,,LIB-A,2027-06-30,prêt',
      'Desk,v3@lib-a.example,shared,permanent,,LIB-A,2027-06-30,prêt',
      'Old,v4@lib-a.example,personal,temporary,anne.dubois@lib-a.example,LIB-A,2020-06-30,prêt',
      'Yesterday,v5@lib-a.example,personal,volunteer,anne.dubois@lib-a.example,LIB-A,2027-01-09,prêt',
      'Intern,v6@lib-a.example,personal,intern,anne.dubois@lib-a.example,LIB-A,,prêt',
    ].join('\n');
    expect((await planImport(ctx, text, NOW)).problems).toEqual([
      { line: 3, reason: 'endDate must be empty for a permanent employee: such an account has no end' },
      { line: 4, reason: 'endDate must be empty for a shared account: such an account has no end' },
      { line: 5, reason: 'endDate "2020-06-30" is in the past' },
      { line: 6, reason: 'endDate "2027-01-09" is in the past' },
      { line: 7, reason: 'endDate is required for an intern employee' },
    ]);
    const volunteer = await planImport(ctx, `${HEADER}\n${text.split('\n')[1]}\n`, NOW);
    expect(volunteer.problems).toEqual([]);
    expect(volunteer.accounts.map((a) => [a.email, a.endDate, a.status])).toEqual([
      ['v1@lib-a.example', '2027-12-31', 'active'],
    ]);
  });
});
