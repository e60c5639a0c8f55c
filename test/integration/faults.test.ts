import { readFileSync } from 'node:fs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { handler } from '../../functions/inbound-mail/handler';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { changeAccount } from '../../shared/app/accounts/account-writes';
import { type AppContext, tableContext } from '../../shared/app/context';
import { MessageInFlightError } from '../../shared/app/inbound/ingest-result';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { closed, renewed } from '../../shared/domain/account-changes';
import type { CalendarDate } from '../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { NotFoundError } from '../../shared/errors';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { lambdaInvocation } from '../support/lambda';
import { startS3StandIn } from '../support/s3-stand-in';
import { injectSdkFaults } from '../support/sdk-faults';
import { sesEndpoint } from '../support/services';
import { startSsmStandIn } from '../support/ssm-stand-in';

const corpusDir = new URL('../fixtures/corpus/', import.meta.url);
const a2 = readFileSync(new URL('a2-nl-tijdelijk.eml', corpusDir));
const NOW = new Date('2027-01-10T10:00:00+01:00');
const afterLease = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** A mailer whose sends fail while `failing` is true (SES outage), recording what went out. */
class UnreliableMailer implements Mailer {
  failing = true;
  sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    if (this.failing) throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' });
    this.sent.push(mail);
    return { messageId: `m-${this.sent.length}` };
  }
}

/** The same table through a client of its own (default retry settings), to break. */
function withOwnClient(ctx: AppContext) {
  const db = createDocumentClient({ endpoint: inject('dynamoEndpoint'), ...LOCAL_AWS });
  const faulty: AppContext = { ...ctx, ...tableContext(db, ctx.tableName) };
  return { db, ctx: faulty };
}

describe('faults on the inbound path: nothing lost, nothing done twice', () => {
  it('DynamoDB throttling on the account write: the retried event makes one account and one set of answers', async () => {
    const base = await testContext(testConfig());
    const mailer = new UnreliableMailer();
    mailer.failing = false;
    const { db, ctx } = withOwnClient({ ...base, mailer });
    const sdk = injectSdkFaults(db);
    // More throttling than the SDK's 5 attempts absorb: the invocation fails.
    sdk.fail('TransactWriteItems', 'throttled', 5);
    const mail = { messageId: 'ses-ddb-throttled', raw: a2, receipt: null, now: NOW };

    await expect(receiveInboundMail(ctx, mail)).rejects.toThrow(/allowed throughput/);
    expect(sdk.attempts.filter((r) => r.operation === 'TransactWriteItems')).toHaveLength(5);
    expect(mailer.sent).toHaveLength(0);
    const retry = await receiveInboundMail(ctx, { ...mail, now: afterLease(5) });

    expect(retry.outcome).toBe('accepted');
    expect(await base.accounts.findByEmail('lotte.wouters@lib-b.example')).toHaveLength(1);
    expect(mailer.sent.map((m) => m.to[0]).sort()).toEqual([
      'helpdesk@helpdesk.example.org',
      'koen.maes@lib-b.example',
      'training@helpdesk.example.org',
    ]);
  });

  it('throttling, a dropped connection and a lost answer are retried by the SDK: one account, no error', async () => {
    const base = await testContext(testConfig());
    const mailer = new UnreliableMailer();
    mailer.failing = false;
    const { db, ctx } = withOwnClient({ ...base, mailer });
    const sdk = injectSdkFaults(db);
    sdk.fail('TransactWriteItems', 'throttled');
    sdk.fail('TransactWriteItems', 'reset');
    // The transaction lands but its answer never comes: the retry carries the same request
    // token, so DynamoDB answers it as done instead of failing on the now-true condition.
    sdk.fail('TransactWriteItems', 'lost-answer');
    sdk.fail('GetItem', 'timeout');
    sdk.fail('UpdateItem', 'server-error');

    const result = await receiveInboundMail(ctx, {
      messageId: 'ses-ddb-flaky',
      raw: a2,
      receipt: null,
      now: NOW,
    });

    expect(result.outcome).toBe('accepted');
    const transactions = sdk.attempts.filter((r) => r.operation === 'TransactWriteItems');
    expect(transactions).toHaveLength(4);
    const tokens = new Set(transactions.map((r) => r.body.ClientRequestToken));
    expect(tokens.size).toBe(1);
    expect(await base.accounts.findByEmail('lotte.wouters@lib-b.example')).toHaveLength(1);
    expect(mailer.sent).toHaveLength(3);
  });

  it('the answer to the account write lost after the SDK gave up: the retried event makes one account, each answer once', async () => {
    const base = await testContext(testConfig());
    const mailer = new UnreliableMailer();
    mailer.failing = false;
    const { db, ctx } = withOwnClient({ ...base, mailer });
    // Above the SDK's retries: the transaction reaches DynamoDB Local, then the call fails.
    const mock = mockClient(db);
    mock.send.callThrough();
    mock.on(TransactWriteCommand).callsFakeOnce(async (input) => {
      await base.db.send(new TransactWriteCommand(input));
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' });
    });
    const mail = { messageId: 'ses-ddb-lost-answer', raw: a2, receipt: null, now: NOW };
    try {
      await expect(receiveInboundMail(ctx, mail)).rejects.toThrow(/socket hang up/);
      expect(mailer.sent).toHaveLength(0);
      // Lambda's retry of the event: the account is there already, recognised by the messageId.
      const retry = await receiveInboundMail(ctx, { ...mail, now: afterLease(5) });

      expect(retry).toMatchObject({ outcome: 'accepted', reference: expect.stringMatching(/^REQ-2027-/) });
      const accounts = await base.accounts.findByEmail('lotte.wouters@lib-b.example');
      expect(accounts).toHaveLength(1);
      expect((await base.accounts.history(accounts[0]!.id)).map((e) => e.action)).toEqual(['created']);
      expect(mailer.sent.map((m) => m.to[0]).sort()).toEqual([
        'helpdesk@helpdesk.example.org',
        'koen.maes@lib-b.example',
        'training@helpdesk.example.org',
      ]);
    } finally {
      mock.restore();
    }
  });

  it('SES outage across retries (then the DLQ replay): the account is made once, each answer sent once', async () => {
    const base = await testContext(testConfig());
    const mailer = new UnreliableMailer();
    const ctx = { ...base, mailer };
    const mail = { messageId: 'ses-outage', raw: a2, receipt: null, now: NOW };
    // Lambda's own two retries of the async event, both during the outage.
    await expect(receiveInboundMail(ctx, mail)).rejects.toThrow(/Service Unavailable/);
    await expect(receiveInboundMail(ctx, { ...mail, now: afterLease(3) })).rejects.toThrow(
      /Service Unavailable/,
    );
    const accounts = await base.accounts.findByEmail('lotte.wouters@lib-b.example');
    expect(accounts).toHaveLength(1); // the store change is kept, not lost
    // An operator replays the parked event from the DLQ once SES is back.
    mailer.failing = false;
    const replay = await receiveInboundMail(ctx, { ...mail, now: afterLease(60) });
    expect(replay).toMatchObject({
      outcome: 'accepted',
      reference: expect.stringMatching(/^REQ-2027-[0-9A-Z]{8}$/),
    });
    expect(await base.accounts.findByEmail('lotte.wouters@lib-b.example')).toHaveLength(1);
    expect((await base.accounts.history(accounts[0]!.id)).map((e) => e.action)).toEqual(['created']);
    expect(mailer.sent).toHaveLength(3);
    // And a late duplicate delivery after that changes and sends nothing.
    expect((await receiveInboundMail(ctx, { ...mail, now: afterLease(120) })).outcome).toBe('duplicate');
    expect(mailer.sent).toHaveLength(3);
  });

  it('a Lambda timeout while the first attempt still holds the lease: the overlapping retry does nothing', async () => {
    const base = await testContext(testConfig());
    const waiting: (() => void)[] = [];
    const release = () => {
      for (const resume of waiting) resume();
    };
    const stuck: Mailer = {
      send: () => new Promise((resolve) => waiting.push(() => resolve({ messageId: 'late' }))),
    };
    const first = receiveInboundMail(
      { ...base, mailer: stuck },
      { messageId: 'ses-timeout', raw: a2, receipt: null, now: NOW },
    );
    while (waiting.length < 3) await new Promise((r) => setTimeout(r, 20));
    const second = await receiveInboundMail(base, {
      messageId: 'ses-timeout',
      raw: a2,
      receipt: null,
      now: afterLease(1),
    });
    expect(second.outcome).toBe('duplicate');
    // The Lambda path does not take "someone else is on it" as done: it fails, so Lambda retries later.
    await expect(
      receiveInboundMail(base, {
        messageId: 'ses-timeout',
        raw: a2,
        receipt: null,
        now: afterLease(1),
        whenInFlight: 'retry',
      }),
    ).rejects.toBeInstanceOf(MessageInFlightError);
    release();
    await first;
    expect(await base.accounts.findByEmail('lotte.wouters@lib-b.example')).toHaveLength(1);
  });
});

describe('the inbound Lambda handler', () => {
  const saved = { ...process.env };
  // One stand-in for the file: the handler keeps its S3 client for the container's life.
  let s3: Awaited<ReturnType<typeof startS3StandIn>>;
  // The decision-link key in SSM: the answer's rating links are signed with it.
  let ssm: Awaited<ReturnType<typeof startSsmStandIn>>;
  beforeAll(async () => {
    s3 = await startS3StandIn();
    ssm = await startSsmStandIn({ '/alma-accounts/test/decision-link-key': 'k'.repeat(43) });
  });
  afterAll(async () => {
    await s3.stop();
    await ssm.stop();
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  async function environment() {
    const ctx = await testContext(testConfig());
    Object.assign(process.env, {
      TABLE_NAME: ctx.tableName,
      CONFIG_JSON: JSON.stringify(ctx.config),
      SECRETS_PREFIX: '/alma-accounts/test',
      RAW_MAIL_BUCKET: 'raw-mail',
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_ENDPOINT_URL_SESV2: sesEndpoint(),
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    return { ctx, s3 };
  }

  const event = () => JSON.parse(readFileSync('events/ses/inbound-a2.json', 'utf8'));

  it('reads the stored mail by SES messageId and takes the verdicts from the event', async () => {
    const { ctx, s3 } = await environment();
    s3.put('raw-mail', 'inbound/o3vrnil0e2ic28tr1v6ah1a1tinq4m0pfh4vaeo1', a2);
    const [result] = await handler(event(), lambdaInvocation('inbound-mail'));
    expect(result).toMatchObject({
      outcome: 'accepted',
      kind: 'new-personal',
      account: { endDate: '2027-05-30' },
    });
    expect(await ctx.accounts.findByEmail('lotte.wouters@lib-b.example')).toHaveLength(1);

    // The same mail with a DMARC failure in the SES receipt is refused, whatever its headers say.
    const forged = event();
    forged.Records[0].ses.mail.messageId = 'forged-id';
    forged.Records[0].ses.receipt.dmarcVerdict.status = 'FAIL';
    s3.put('raw-mail', 'inbound/forged-id', a2);
    expect((await handler(forged, lambdaInvocation('inbound-mail')))[0]).toMatchObject({
      outcome: 'rejected',
      reason: 'not verified: dmarc-fail',
    });
  });

  it('fails visibly on a missing S3 object (retried, then parked in the DLQ) and writes nothing', async () => {
    const { ctx } = await environment();
    const missing = event();
    missing.Records[0].ses.mail.messageId = 'not-in-the-bucket';
    await expect(handler(missing, lambdaInvocation('inbound-mail'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await ctx.accounts.findByEmail('lotte.wouters@lib-b.example')).toEqual([]);
  });
});

describe('conditional-check conflicts on account writes', () => {
  it('two concurrent changes of one account both land: the loser re-reads and re-applies', async () => {
    const ctx = await testContext(testConfig());
    const account = anAccount({ createdAt: '2027-01-01T09:00:00.000Z' });
    await ctx.accounts.create(account, createdEvent(account));
    const source = { actor: 'test', reason: 'race' };
    const at = new Date('2027-01-10T09:00:00Z');
    await Promise.all([
      changeAccount(
        ctx,
        account.id,
        (a) => {
          const r = renewed(a, { newEmploymentEnd: '2027-08-31' as CalendarDate }, at);
          return r.ok ? r.account : undefined;
        },
        'renewed',
        source,
        at,
      ),
      changeAccount(
        ctx,
        account.id,
        (a) => closed(a, '2027-09-15' as CalendarDate, at),
        'closure-requested',
        source,
        at,
      ),
    ]);
    const final = await ctx.accounts.get(account.id);
    expect(final?.version).toBe(3);
    const actions = (await ctx.accounts.history(account.id)).map((e) => e.action).sort();
    expect(actions).toEqual(['closure-requested', 'created', 'renewed']);
  });
});
