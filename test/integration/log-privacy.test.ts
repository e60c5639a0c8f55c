import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { parseRawMail } from '../../shared/domain/mail';
import { createLogger } from '../../shared/logging';
import { createWebApp } from '../../shared/web/web-app';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { sesStore } from '../support/services';

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

describe('logs of a portal session', () => {
  const lines: string[] = [];
  const BASE = 'http://127.0.0.1:8788';
  const ANNE = 'anne.dubois@lib-a.example';
  const MARIE = 'marie.privee@lib-a.example';

  it('hold no e-mail address and no name: sign-in (known, unknown, too soon), actions, refusals, sign-out', async () => {
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const base = await testContext(testConfig({ decisionBaseUrl: BASE }));
      const ctx = { ...base, logger: createLogger('decision-page') };
      const account = anAccount({ institution: 'LIB-A', fullName: 'Marie Privée', email: MARIE });
      await ctx.accounts.create(account, createdEvent(account));
      const app = createWebApp(ctx, { now: () => new Date('2027-03-01T09:00:00Z') });
      const call = async (
        method: string,
        path: string,
        body?: string,
        headers: Record<string, string> = {},
      ) => {
        const response = await app.fetch(
          new Request(`${BASE}${path}`, {
            method,
            body,
            headers: {
              ...(body
                ? { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }
                : {}),
              ...headers,
            },
          }),
        );
        return { response, text: await response.text() };
      };
      for (const address of [ANNE, ANNE, 'stranger@lib-a.example'])
        await call('POST', '/portal/sign-in', `address=${encodeURIComponent(address)}`);
      const mail = (await sesStore()).filter((m) => m.destination.to.includes(ANNE)).at(-1)!;
      const token = /\/portal\/link\?t=([\w.-]+)/.exec(mail.body.text ?? '')![1]!;
      const { response } = await call('POST', '/portal/link', `t=${token}`);
      await call('POST', '/portal/link', `t=${token}`); // used
      const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
      await call('GET', '/portal/accounts?q=marie', undefined, { cookie });
      await call('POST', `/portal/accounts/${account.id}/renew`, 'date=30/09/2027', { cookie });
      await call('POST', `/portal/accounts/${account.id}/close`, 'date=01/04/2027', {
        cookie,
        'sec-fetch-site': 'cross-site',
        origin: 'https://evil.example',
      });
      await call('POST', '/portal/sign-out', 'x=1', { cookie });
    } finally {
      spy.mockRestore();
    }
    const log = lines.join('');
    expect(log).toContain('portal sign-in link sent');
    expect(log).toContain('portal sign-in link not sent');
    expect(lines.filter((l) => EMAIL.test(l))).toEqual([]);
    expect(log.toLowerCase()).not.toContain('marie');
  });
});
