import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { parseRawMail } from '../../shared/domain/mail';
import { createLogger } from '../../shared/logging';
import { testConfig, testContext } from '../support/context';

const corpusDir = new URL('../fixtures/corpus/', import.meta.url);
const fixturesDir = new URL('../fixtures/mail/', import.meta.url);
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;

const mails = [
  ...readdirSync(corpusDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(new URL(f, corpusDir))),
  ...readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(new URL(f, fixturesDir))),
];

describe('logs of a full corpus run', () => {
  const lines: string[] = [];
  let ctx: AppContext;
  let restore: () => void;

  beforeAll(async () => {
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    restore = () => spy.mockRestore();
    const base = await testContext(testConfig());
    ctx = { ...base, logger: createLogger('inbound-mail') };
    const now = new Date('2027-01-10T10:00:00+01:00');
    for (const [i, raw] of mails.entries()) {
      await receiveInboundMail(ctx, { messageId: `scan-${i}`, raw, receipt: null, now });
      await receiveInboundMail(ctx, { messageId: `scan-${i}`, raw, receipt: null, now }); // duplicate path
    }
    // File ingests use the mail's own Message-ID, which may hold an address.
    await receiveInboundMail(ctx, {
      messageId: 'jean.lemaire@mail.example',
      raw: mails[0]!,
      receipt: null,
      now,
    });
  }, 120_000);

  afterAll(() => restore());

  it('were written (the scan is not vacuous)', () => {
    expect(lines.filter((l) => l.includes('"message":"mail processed"')).length).toBeGreaterThanOrEqual(
      mails.length,
    );
  });

  it('hold no e-mail address and no name from the mails', async () => {
    const people = new Set<string>();
    for (const raw of mails) {
      const parsed = await parseRawMail(raw);
      if (parsed.from?.name) people.add(parsed.from.name.toLowerCase());
      if (parsed.from?.address) people.add(parsed.from.address.toLowerCase());
      for (const address of [...parsed.to, ...parsed.cc]) people.add(address.toLowerCase());
      for (const match of parsed.text.matchAll(new RegExp(EMAIL, 'g'))) people.add(match[0].toLowerCase());
    }
    for (const account of (await ctx.accounts.listByInstitution('LIB-A')).items.concat(
      (await ctx.accounts.listByInstitution('LIB-B')).items,
    )) {
      people.add(account.fullName.toLowerCase());
      people.add(account.email);
    }
    const log = lines.join('').toLowerCase();
    const leaks = [...people].filter((p) => p.length > 3 && log.includes(p));
    expect(leaks).toEqual([]);
    expect(lines.filter((l) => EMAIL.test(l))).toEqual([]);
  });
});
