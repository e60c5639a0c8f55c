import { readFileSync } from 'node:fs';
import { SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { handler } from '../../functions/inbound-mail/handler';
import { noticesHandler } from '../../functions/notices/handler';
import { type StatusReplayServer, startStatusReplayServer } from '../../local/status-replay-server';
import { defaultDocumentClient } from '../../shared/adapters/dynamodb/client';
import { changeAccount } from '../../shared/app/accounts/account-writes';
import type { AppContext } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { runStatusCheck } from '../../shared/app/monitor/status-check';
import { scheduledInstant } from '../../shared/app/notices/run-notice-job';
import type { CalendarDate } from '../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { ImportInProgressError, MessageInFlightError } from '../../shared/errors';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { lambdaInvocation } from '../support/lambda';
import { startS3StandIn } from '../support/s3-stand-in';
import { injectSdkFaults } from '../support/sdk-faults';
import { type SentMail, sesEndpoint, sesStore } from '../support/services';
import { startSsmStandIn } from '../support/ssm-stand-in';

/**
 * Issue 12: Lambda's real retries (an async event again after ~60 s and ~120 s, then the DLQ),
 * against DynamoDB Local and the local SES server. Each case is one numbered item of the issue.
 * Powertools idempotency reads Date.now(), so the clock is moved with vi.setSystemTime (only
 * Date is faked: the SDK's timers keep running).
 */

const corpusDir = new URL('../fixtures/corpus/', import.meta.url);
const a2 = readFileSync(new URL('a2-nl-tijdelijk.eml', corpusDir));
const a3 = readFileSync(new URL('a3-en-missing-end.eml', corpusDir));
const NOW = new Date('2027-01-10T10:00:00+01:00');
const plus = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
/** Lambda retries a failed async invocation about a minute after it ended, then two minutes after that. */
const afterFailure = (seconds: number) => new Date(Date.now() + seconds * 1000);
/** Only Date is faked, and it keeps running: the SDK's timers and Powertools' clock stay real. */
const movableClock = () => vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });

let tags = 0;
/** Addresses only this test uses: the local SES store is shared by every test file. */
function uniqueAddresses() {
  const tag = `${process.pid}-${Date.now()}-${tags++}`;
  return {
    helpdesk: `helpdesk-${tag}@retries.example`,
    training: `training-${tag}@retries.example`,
    alerts: `alerts-${tag}@retries.example`,
  };
}
/** The local SES server keeps a raw message's addresses as one comma-separated entry. */
const split = (entries: string[]) => entries.flatMap((e) => e.split(',').map((a) => a.trim()));
/** Mails to `address`, in To or Cc. */
const addressed = (mails: SentMail[], address: string) =>
  mails.filter((m) => split([...m.destination.to, ...m.destination.cc]).includes(address));
/** Mails with `address` in To. */
const sentTo = (mails: SentMail[], address: string) =>
  mails.filter((m) => split(m.destination.to).includes(address));

afterEach(() => {
  vi.useRealTimers();
});

describe('1. a request is never lost on retry (the inbound handler, Lambda retries at +60 s and +120 s)', () => {
  const saved = { ...process.env };
  let s3: Awaited<ReturnType<typeof startS3StandIn>>;
  // The decision-link key in SSM: the answer's rating links are signed with it.
  let ssm: Awaited<ReturnType<typeof startSsmStandIn>>;
  let ctx: AppContext;
  let addresses: ReturnType<typeof uniqueAddresses>;
  // One table for the file: the handler builds its context once per container, as in Lambda.
  beforeAll(async () => {
    s3 = await startS3StandIn();
    ssm = await startSsmStandIn({ '/alma-accounts/test/decision-link-key': 'k'.repeat(43) });
    addresses = uniqueAddresses();
    ctx = await testContext(
      testConfig({ helpdesk: addresses.helpdesk, trainingCoordinators: [addresses.training] }),
    );
    Object.assign(process.env, {
      TABLE_NAME: ctx.tableName,
      CONFIG_JSON: JSON.stringify(ctx.config),
      SECRETS_PREFIX: '/alma-accounts/test',
      RAW_MAIL_BUCKET: 'raw-mail',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_ENDPOINT_URL_SESV2: sesEndpoint(),
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await s3.stop();
    await ssm.stop();
  });

  /** The SES event of a2 under its own messageId, the raw mail stored where the S3 action puts it. */
  function deliveryOf(messageId: string, raw: Buffer) {
    const event = JSON.parse(readFileSync('events/ses/inbound-a2.json', 'utf8'));
    event.Records[0].ses.mail.messageId = messageId;
    s3.put('raw-mail', `inbound/${messageId}`, raw);
    return event;
  }
  /** One invocation at `at`, a 60 s function timeout as deployed. */
  const invoke = (event: unknown, at: Date) => {
    vi.setSystemTime(at);
    return handler(event as never, lambdaInvocation('inbound-mail', 60_000));
  };

  /** The three answers to a2 as the local SES server has them, each addressee's count. */
  async function answerCounts(reference: string) {
    const mails = (await sesStore()).filter(
      (m) => m.subject.includes(reference) || (m.body.text ?? '').includes(reference),
    );
    const to = (address: string) => sentTo(mails, address).length;
    // The training notice goes to the coordinators with the manager in copy: counted once, as training.
    return {
      manager: to('koen.maes@lib-b.example'),
      helpdesk: to(addresses.helpdesk),
      training: to(addresses.training),
    };
  }

  it('SES throttles on the first attempt: the retry at +60 s answers, the one at +120 s is a duplicate', async () => {
    movableClock();
    const ses = mockClient(SESv2Client);
    ses.send.callThrough();
    // What is left once the SDK's own retries gave up: the first SendEmail of the run fails.
    ses.send
      .onFirstCall()
      .rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} }));
    const event = deliveryOf('ses-retry-throttled', a2);
    try {
      await expect(invoke(event, NOW)).rejects.toThrow(/sending rate/);
      const [retry] = await invoke(event, afterFailure(60));
      const [late] = await invoke(event, afterFailure(120));

      expect(retry).toMatchObject({ outcome: 'accepted', reference: expect.stringMatching(/^REQ-2027-/) });
      expect(late).toMatchObject({ outcome: 'duplicate', reference: retry!.reference });
      expect(await ctx.accounts.findByEmail('lotte.wouters@lib-b.example')).toHaveLength(1);
      expect(await answerCounts(retry!.reference!)).toEqual({ manager: 1, helpdesk: 1, training: 1 });
    } finally {
      ses.restore();
    }
  });

  it('an import is writing LIB-B: the invocation fails, nobody is told; the retry after it creates and answers', async () => {
    movableClock();
    vi.setSystemTime(NOW);
    const record = {
      id: 'IMP-DURING-MAIL',
      file: 'lib-b.csv',
      actor: 'cli:test',
      at: NOW.toISOString(),
      institutions: ['LIB-B'],
      rows: 1,
      host: 'test',
      pid: 0,
    };
    await ctx.imports.begin(record);
    const raw = Buffer.from(
      a2.toString('latin1').replace(/lotte\.wouters@/g, 'lotte.during-import@'),
      'latin1',
    );
    const event = deliveryOf('ses-retry-import-running', raw);
    const before = (await sesStore()).length;
    try {
      await expect(invoke(event, NOW)).rejects.toBeInstanceOf(ImportInProgressError);
      expect((await sesStore()).length).toBe(before);
      expect(await ctx.accounts.findByEmail('lotte.during-import@lib-b.example')).toEqual([]);
    } finally {
      await ctx.imports.finish(record);
    }
    const [retry] = await invoke(event, afterFailure(60));
    expect(retry).toMatchObject({ outcome: 'accepted', reference: expect.stringMatching(/^REQ-2027-/) });
    expect(await ctx.accounts.findByEmail('lotte.during-import@lib-b.example')).toHaveLength(1);
    expect(await answerCounts(retry!.reference!)).toEqual({ manager: 1, helpdesk: 1, training: 1 });
  });

  it("the ledger's in-progress write lands but its answer is lost: the invocation fails, the retry takes over", async () => {
    movableClock();
    const sdk = injectSdkFaults(defaultDocumentClient());
    // Powertools' PutItem of the in-progress record reaches DynamoDB, the connection drops; the
    // SDK's own retry then finds the record there and Powertools sees a delivery in flight.
    sdk.fail('PutItem', 'lost-answer');
    const event = deliveryOf('ses-retry-begin-lost', a3);
    const before = (await sesStore()).length;

    await expect(invoke(event, NOW)).rejects.toBeInstanceOf(MessageInFlightError);
    expect((await sesStore()).length).toBe(before);
    const [retry] = await invoke(event, afterFailure(60));
    const [late] = await invoke(event, afterFailure(120));

    expect(retry).toMatchObject({ outcome: 'needs-info', reference: expect.stringMatching(/^REQ-2027-/) });
    expect(late).toMatchObject({ outcome: 'duplicate', reference: retry!.reference });
    const stored = await ctx.requests.getRequest(retry!.reference!);
    expect(stored).toMatchObject({ messageIds: ['ses-retry-begin-lost'] });
    const asked = (await sesStore()).filter((m) => (m.body.text ?? '').includes(retry!.reference!));
    expect(sentTo(asked, 'koen.maes@lib-b.example')).toHaveLength(1);
  });
});

/** A mailer that hands mail to the local SES server, failing the sends `fails` picks while armed. */
class FlakyMailer implements Mailer {
  fails: (mail: OutgoingMail) => boolean = () => false;
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail) {
    if (this.fails(mail))
      throw Object.assign(new Error('SES unavailable (test)'), { name: 'ServiceUnavailable' });
    return this.inner.send(mail);
  }
}

describe('2. a retry carries out the same plan (reply completing a pending request, helpdesk copy fails)', () => {
  it('sends only the failed helpdesk copy again, the outcome stays accepted, one history entry', async () => {
    const addresses = uniqueAddresses();
    const base = await testContext(
      testConfig({ helpdesk: addresses.helpdesk, trainingCoordinators: [addresses.training] }),
    );
    const mailer = new FlakyMailer(base.mailer);
    const ctx = { ...base, mailer };
    const first = await receiveInboundMail(ctx, {
      messageId: 'ses-pending',
      raw: a3,
      receipt: null,
      now: NOW,
    });
    expect(first).toMatchObject({ outcome: 'needs-info' });
    const reply = Buffer.from(
      [
        'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
        'From: Koen Maes <koen.maes@lib-b.example>',
        'To: accounts@helpdesk.example.org',
        `Subject: Re: ${first.reference} New Alma account: information needed`,
        'Message-ID: <reply-retry@lib-b.example>',
        'In-Reply-To: <a3-en-missing-end@lib-b.example>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'End date: 30/06/2027',
      ].join('\r\n'),
    );
    const mail = { messageId: 'ses-pending-reply', raw: reply, receipt: null, now: plus(3600) };
    const sentBefore = (await sesStore()).length;
    mailer.fails = (m) => m.to.includes(addresses.helpdesk);

    await expect(receiveInboundMail(ctx, mail)).rejects.toThrow(/SES unavailable/);
    mailer.fails = () => false;
    const retry = await receiveInboundMail(ctx, { ...mail, now: plus(3660) });

    expect(retry).toMatchObject({ outcome: 'accepted', reference: first.reference });
    const sent = (await sesStore()).slice(sentBefore);
    expect(sentTo(sent, 'koen.maes@lib-b.example')).toHaveLength(1);
    expect(sentTo(sent, addresses.helpdesk)).toHaveLength(1);
    expect(sentTo(sent, addresses.helpdesk)[0]!.subject).toContain(first.reference);
    const [account] = await base.accounts.findByEmail('sam.peters@lib-b.example');
    const history = await base.accounts.history(account!.id);
    expect(history.filter((e) => e.messageId === 'ses-pending-reply')).toHaveLength(1);
    expect(history.map((e) => e.action)).toEqual(['created']);
    expect((await base.requests.getRequest(first.reference!))?.messageIds).toEqual([
      'ses-pending',
      'ses-pending-reply',
    ]);
  });
});

describe('3. a monitor alert sent whose acknowledgement failed: the episode goes on', () => {
  let server: StatusReplayServer;
  beforeAll(async () => {
    server = await startStatusReplayServer();
  });
  afterAll(() => server.stop());

  it('the next run acknowledges it; the reminder and the recovery go out, nothing twice', async () => {
    const addresses = uniqueAddresses();
    const EU02 = 'Alma EU02 - Production';
    const base = await testContext(
      testConfig({
        helpdesk: addresses.helpdesk,
        alerts: { recipients: [addresses.alerts], operators: [addresses.alerts], language: 'en' },
        institutions: [
          { code: 'LIB-A', name: 'Library A', language: 'fr', managers: ['anne.dubois@lib-a.example'] },
        ],
        monitor: {
          environments: [{ name: EU02, source: { kind: 'status-page', url: `${server.url}/` } }],
          timeoutMs: 1500,
        },
      }),
    );
    // The state write that acknowledges the first alert fails, right after SES accepted it.
    let failNextStateWrite = false;
    let alertsSent = 0;
    const monitor = Object.create(base.monitor) as AppContext['monitor'];
    monitor.putState = async (state) => {
      if (failNextStateWrite) {
        failNextStateWrite = false;
        throw Object.assign(new Error('DynamoDB unavailable (test)'), { name: 'InternalServerError' });
      }
      return base.monitor.putState(state);
    };
    const mailer: Mailer = {
      send: async (mail) => {
        const result = await base.mailer.send(mail);
        failNextStateWrite = alertsSent++ === 0;
        return result;
      },
    };
    const ctx: AppContext = { ...base, monitor, mailer };
    const T0 = Date.parse('2027-03-10T08:00:00Z');
    const run = (minute: number) => runStatusCheck(ctx, new Date(T0 + minute * 60_000));
    const subjects = async () => addressed(await sesStore(), addresses.alerts).map((m) => m.subject);
    server.setScenario('outage');

    await run(0);
    await expect(run(5)).rejects.toThrow(/DynamoDB unavailable/);
    expect(await subjects()).toEqual([`[DOWN] ${EU02} — Ex Libris reports an outage`]);
    // The next run finds the alert's claim done: told, acknowledged now, not sent again.
    const next = await run(10);
    expect(next).toMatchObject({ sent: 0, duplicatesSkipped: 1 });
    for (const minute of [60, 120]) await run(minute);
    expect(await subjects()).toHaveLength(1);
    await run(125);
    await run(130);
    expect((await subjects()).slice(1)).toEqual([
      `[DOWN] ${EU02} — still down since 10/03/2027 09:00 (reminder 1)`,
    ]);
    server.setScenario('operational');
    for (const minute of [135, 140, 145, 150]) await run(minute);
    expect((await subjects()).slice(2)).toEqual([`[OPERATIONAL] ${EU02} — back to normal after 2 h 15 min`]);
  });
});

describe('5. notices: SES accepted, completing the claims failed', () => {
  it("Lambda's retries at +60 s and +120 s send nothing again", async () => {
    movableClock();
    const base = await testContext(testConfig());
    const sentMails: OutgoingMail[] = [];
    const mailer: Mailer = {
      send: async (mail) => {
        const result = await base.mailer.send(mail);
        sentMails.push(mail);
        return result;
      },
    };
    // Completing fails every time the first run tries (beyond its own retries), then works again.
    let failing = true;
    const claims = Object.create(base.claims) as AppContext['claims'];
    claims.completeAll = async (held, details) => {
      if (failing)
        throw Object.assign(new Error('DynamoDB unavailable (test)'), { name: 'InternalServerError' });
      return base.claims.completeAll(held, details);
    };
    claims.complete = async (key, token, details) => {
      if (failing)
        throw Object.assign(new Error('DynamoDB unavailable (test)'), { name: 'InternalServerError' });
      return base.claims.complete(key, token, details);
    };
    claims.markDone = async (token, labels, details, options) => {
      if (failing)
        throw Object.assign(new Error('DynamoDB unavailable (test)'), { name: 'InternalServerError' });
      return base.claims.markDone(token, labels, details, options);
    };
    const ctx: AppContext = { ...base, mailer, claims };
    const account = anAccount({
      endDate: '2031-03-31' as CalendarDate,
      email: `late-${Date.now()}@lib-a.example`,
    });
    await base.accounts.create(account, createdEvent(account));
    const scheduled = scheduledInstant('expiry-notices', '2031-03-01' as CalendarDate);
    const event = { job: 'expiry-notices', scheduledTime: scheduled.toISOString() };
    const run = noticesHandler(async () => ctx);
    const invoke = (afterSeconds: number) => {
      vi.setSystemTime(scheduled.getTime() + afterSeconds * 1000);
      return run(event as never, lambdaInvocation('notices', 900_000));
    };

    await expect(invoke(0)).rejects.toThrow();
    expect(sentMails).toHaveLength(1);
    failing = false;
    await invoke(60);
    await invoke(180);

    expect(sentMails).toHaveLength(1);
    expect(addressed(await sesStore(), account.email)).toHaveLength(1);
  });
});

describe('6. expiry under a concurrent version conflict', () => {
  it('the account is marked expired all the same, once', async () => {
    const ctx = await testContext(testConfig());
    const account = anAccount({ endDate: '2031-02-28' as CalendarDate, missionEndDate: null });
    await ctx.accounts.create(account, createdEvent(account));
    // The index answers with the version as it was; meanwhile the helpdesk corrects the name.
    const accounts = Object.create(ctx.accounts) as AppContext['accounts'];
    accounts.listEndingBetween = async (from, to) => {
      const page = await ctx.accounts.listEndingBetween(from, to);
      if (page.items.some((a) => a.id === account.id))
        await changeAccount(
          ctx,
          account.id,
          (a) => ({ ...a, fullName: 'Jean Lemaire-Dupont' }),
          'reply',
          { actor: 'helpdesk', reason: 'name corrected' },
          new Date('2031-03-01T06:00:00Z'),
        );
      return page;
    };
    const scheduled = scheduledInstant('expiry-notices', '2031-03-01' as CalendarDate);

    await noticesHandler(async () => ({ ...ctx, accounts }))(
      { job: 'expiry-notices', scheduledTime: scheduled.toISOString() } as never,
      lambdaInvocation('notices', 900_000),
    );

    const stored = await ctx.accounts.get(account.id);
    expect(stored).toMatchObject({ status: 'expired', fullName: 'Jean Lemaire-Dupont', version: 3 });
    expect((await ctx.accounts.history(account.id)).map((e) => e.action)).toEqual([
      'created',
      'reply',
      'expired',
    ]);
  });
});
