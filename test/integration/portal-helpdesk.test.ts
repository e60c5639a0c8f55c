import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek, runAlmaDrift } from '../../shared/app/alma/drift-report';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import type { CalendarDate } from '../../shared/domain/calendar';
import { PAGE_SIZE } from '../../shared/domain/portal/lists';
import type { InboundPlan } from '../../shared/domain/requests';
import { handleDecisionRequest } from '../../shared/web/web-app';
import { portalSession } from '../support/portal-session';
import { type AlmaWorld, almaWorld } from './alma/world';

/*
 * The helpdesk's portal pages (issue 29) through the real web app against DynamoDB Local and the
 * Alma stand-in: the latest drift report as the weekly job recorded it, and what needs a person
 * (mail forwarded to the helpdesk, Alma failures); a manager finds neither page.
 */

const DOMAIN = 'portal-helpdesk.example';
const BASE = 'http://127.0.0.1:8788';
const STAFF = `staff@${DOMAIN}`;
const MANAGER = `manager@lib-a.${DOMAIN}`;
const NOW = new Date('2027-02-08T05:30:00Z');
let world: AlmaWorld;
let staff: string;
let manager: string;

async function get(path: string, cookie: string) {
  const url = new URL(path, BASE);
  return handleDecisionRequest(world.ctx, {
    method: 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: '',
    headers: { cookie },
    now: NOW,
  });
}

async function post(path: string, cookie: string, fields: Record<string, string>) {
  return handleDecisionRequest(world.ctx, {
    method: 'POST',
    path,
    query: {},
    body: new URLSearchParams(fields).toString(),
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: BASE,
    },
    now: NOW,
  });
}

/** A mail that is not an account request, from a manager of LIB-A, SES's verdicts all passed. */
function otherMail(id: string, subject: string): Buffer {
  return Buffer.from(
    [
      `From: Manager A <${MANAGER}>`,
      `To: accounts@${DOMAIN}`,
      `Subject: ${subject}`,
      'Date: Mon, 08 Feb 2027 06:00:00 +0100',
      `Message-ID: <${id}@lib-a.${DOMAIN}>`,
      'Content-Type: text/plain; charset="utf-8"',
      'MIME-Version: 1.0',
      '',
      'Bonjour, la vue Limo ne s’affiche plus depuis ce matin. Merci de vérifier.',
      '',
    ].join('\r\n'),
  );
}
const PASS = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' } as const;

beforeAll(async () => {
  world = await almaWorld({
    domain: DOMAIN,
    config: { decisionBaseUrl: BASE, portal: { helpdeskStaff: [STAFF] } },
  });
  [staff, manager] = await Promise.all([
    portalSession(world.ctx, STAFF, NOW),
    portalSession(world.ctx, MANAGER, NOW),
  ]);
});
afterAll(() => world.stop());

describe('the latest drift report in the portal', () => {
  it('says there is none yet, then shows the week the job recorded with links to the accounts', async () => {
    // Prepare
    const none = await get('/portal/drift', staff);
    const absent = await world.account({ institution: 'LIB-B', fullName: 'Drift Absent <i>' });

    // Act: the weekly job, against the Alma stand-in
    await runAlmaDrift(world.ctx, NOW);
    const shown = await get('/portal/drift', staff);

    // Assess
    expect(none.status).toBe(200);
    expect(none.body).toContain('No drift report yet.');
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(
      `Week ${isoWeek('2027-02-08' as CalendarDate)}, compared on 08/02/2027 06:30.`,
    );
    expect(shown.body).toContain('<h2>Library B</h2>');
    expect(shown.body).toContain(`<a href="/portal/accounts/${absent.id}">Drift Absent &lt;i&gt;</a>`);
    expect(shown.body).toContain('missing in Alma');
    expect(shown.body).toContain(absent.email);
    // The nav leads there.
    expect(shown.body).toContain('href="/portal/drift"');
  });

  it('is kept once per week: a re-run replaces the week, an older week never the later one', async () => {
    const recorded = (await world.ctx.reports.latestDriftReport())!;
    const later = { ...recorded, week: '2027-W07', ranAt: '2027-02-15T05:30:00.000Z' };

    expect(await world.ctx.reports.putDriftReport(later)).toBe(true);
    expect(await world.ctx.reports.putDriftReport(recorded)).toBe(false);
    expect((await world.ctx.reports.latestDriftReport())?.week).toBe('2027-W07');
    // The same week again (a retry) is written.
    expect(await world.ctx.reports.putDriftReport({ ...later, ranAt: '2027-02-15T06:00:00.000Z' })).toBe(
      true,
    );
  });

  it('is not found for a manager', async () => {
    const page = await get('/portal/drift', manager);
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('Drift Absent');
  });
});

describe('requests needing a person in the portal', () => {
  it('lists a forwarded mail and an Alma failure; a manager gets not found', async () => {
    // Prepare: a mail the helpdesk must read, and an Alma user that failed
    const result = await receiveInboundMail(world.ctx, {
      messageId: 'ses-fwd-1',
      raw: otherMail('fwd-1', 'Question Limo'),
      receipt: { verdicts: PASS, envelopeSender: `bounce@lib-a.${DOMAIN}` },
      now: NOW,
    });
    const failed = await world.account({
      institution: 'LIB-B',
      fullName: 'Alma Failed',
      alma: {
        primaryId: `failed@${DOMAIN}`,
        state: 'failed',
        linkedAt: null,
        lastSyncAt: null,
        lastAnswer: 'Alma answered 400: 401851 user group invalid',
        expiryDate: null,
      },
    });

    // Act
    const page = await get('/portal/attention', staff);
    const refused = await get('/portal/attention', manager);

    // Assess
    expect(result.outcome).toBe('forwarded');
    expect(page.status).toBe(200);
    const forwarded = page.body.slice(0, page.body.indexOf('Alma failures</h2>'));
    expect(forwarded).toContain('<td>Question Limo</td>');
    expect(forwarded).toContain(`<td>${MANAGER}</td>`);
    expect(forwarded).toContain('<td>Library A</td>');
    expect(forwarded).toContain('<td>08/02/2027 06:30</td>');
    expect(forwarded).toContain('<td>not an account request</td>');
    expect(page.body).toContain(`<a href="/portal/accounts/${failed.id}">Alma Failed</a>`);
    expect(page.body).toContain('Alma answered 400: 401851 user group invalid');
    expect(page.body).toContain('href="/portal/attention"');
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain('Question Limo');
  });

  it('pages the forwarded mail newest first, a Query a page', async () => {
    // Prepare: a page and a bit of forwarded plans, one a minute
    for (let i = 0; i < PAGE_SIZE + 2; i++) {
      const at = new Date(NOW.getTime() + (i + 1) * 60_000).toISOString();
      const plan: InboundPlan = {
        messageId: `paged-${i}`,
        decidedAt: at,
        result: {
          outcome: 'forwarded',
          kind: 'other',
          reference: null,
          missing: [],
          reason: 'not an account request',
          account: null,
        },
        answers: [],
        forwarded: {
          messageId: `paged-${i}`,
          sender: `someone${i}@elsewhere.example`,
          institution: null,
          subject: `Paged ${String(i).padStart(2, '0')}`,
          receivedAt: at,
          reason: 'not an account request',
          reference: null,
        },
      };
      await world.ctx.requests.putPlan(plan, NOW);
    }

    // Act
    const first = await get('/portal/attention', staff);
    const next = /href="([^"]+)" rel="next"/.exec(first.body)![1]!.replaceAll('&amp;', '&');
    const second = await get(next, staff);

    // Assess
    const subjects = (html: string) =>
      [...html.matchAll(/<td>(Paged \d+|Question Limo)<\/td>/g)].map((m) => m[1]);
    expect(subjects(first.body)).toHaveLength(PAGE_SIZE);
    expect(subjects(first.body)[0]).toBe(`Paged ${PAGE_SIZE + 1}`);
    expect(subjects(second.body)).toEqual(['Paged 01', 'Paged 00', 'Question Limo']);
    // The second page is the forwarded list alone.
    expect(second.body).not.toContain('Alma failures');
  });

  it('lists a forwarded mail recorded before the portal kept them once portal reindex ran', async () => {
    // Prepare: a forward whose plan item is as the inbound function wrote it before (no summary, no key)
    await receiveInboundMail(world.ctx, {
      messageId: 'ses-fwd-old',
      raw: otherMail('fwd-old', 'Old forwarded question'),
      receipt: { verdicts: PASS, envelopeSender: `bounce@lib-a.${DOMAIN}` },
      now: new Date(NOW.getTime() + 3600_000),
    });
    const key = { PK: 'MESSAGE#ses-fwd-old', SK: 'PLAN' };
    const { Item } = await world.ctx.db.get({ TableName: world.ctx.tableName, Key: key });
    const { forwarded: _kept, ...plan } = JSON.parse(gunzipSync(Item!.plan as Uint8Array).toString('utf8'));
    const { forwarded: _listed, GSI9PK: _pk, GSI9SK: _sk, ...old } = Item!;
    await world.ctx.db.put({
      TableName: world.ctx.tableName,
      Item: { ...old, plan: gzipSync(JSON.stringify(plan)) },
    });
    const before = await get('/portal/attention', staff);

    // Act
    const counts = await world.ctx.portal.addListKeys(world.ctx.config.institutions.map((i) => i.code));
    const after = await get('/portal/attention', staff);

    // Assess
    expect(before.body).not.toContain('Old forwarded question');
    expect(counts.forwarded).toBe(1);
    expect(after.body).toContain(`<td>${MANAGER}</td>`);
    expect(after.body).toContain('Fwd: Old forwarded question');
    expect((await world.ctx.portal.addListKeys([])).forwarded).toBe(0);
  });
});

describe('a forwarded mail handled by a person', () => {
  it('leaves the list when the helpdesk marks it handled, and a reindex does not bring it back', async () => {
    // Prepare
    await receiveInboundMail(world.ctx, {
      messageId: 'ses-fwd-done',
      raw: otherMail('fwd-done', 'Handled question'),
      receipt: { verdicts: PASS, envelopeSender: `bounce@lib-a.${DOMAIN}` },
      now: new Date(NOW.getTime() + 7200_000),
    });
    const listed = await get('/portal/attention', staff);

    // Act
    const byManager = await post('/portal/attention/handled', manager, { message: 'ses-fwd-done' });
    const handled = await post('/portal/attention/handled', staff, { message: 'ses-fwd-done' });
    const again = await post('/portal/attention/handled', staff, { message: 'ses-fwd-done' });
    await world.ctx.portal.addListKeys([]);
    const after = await get('/portal/attention', staff);

    // Assess
    expect(listed.body).toContain('<td>Handled question</td>');
    expect(listed.body).toContain('aria-label="Handled: Handled question"');
    expect(byManager.status).toBe(404);
    expect(handled.status).toBe(200);
    expect(handled.body).toContain('Marked handled: it left the list.');
    expect(handled.body).not.toContain('Handled question');
    expect(again.status).toBe(404);
    expect(after.body).not.toContain('Handled question');
    const { Item } = await world.ctx.db.get({
      TableName: world.ctx.tableName,
      Key: { PK: 'MESSAGE#ses-fwd-done', SK: 'PLAN' },
    });
    expect(Item?.forwarded).toMatchObject({ handledBy: STAFF, handledAt: NOW.toISOString() });
  });
});

describe('the helpdesk’s search', () => {
  it('finds a request by its reference, typed in any case', async () => {
    const page = await get('/portal/search?q=req-2027-abcd1234', staff);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/portal/requests/REQ-2027-ABCD1234');
  });
});
