import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as decisionPage } from '../../functions/decision-page/handler';
import { handler as inboundMail } from '../../functions/inbound-mail/handler';
import { handler as notices } from '../../functions/notices/handler';
import { handler as sesFeedback } from '../../functions/ses-feedback/handler';
import { handler as statusCheck } from '../../functions/status-check/handler';
import { type AlmaStandIn, startAlmaStandIn } from '../../local/alma-standin';
import { LOCAL_AWS, localTable } from '../../local/dynamodb-local';
import { simulatedNotification } from '../../local/ses-simulator';
import { type StatusReplayServer, startStatusReplayServer } from '../../local/status-replay-server';
import type { DynamoDBDocument } from '../../shared/adapters/dynamodb/client';
import { DynamoDbRotationStore } from '../../shared/adapters/dynamodb/rotation-store';
import { recordSdkCalls, type SdkCall } from '../../shared/adapters/sdk-call-recorder';
import { defaultSsmProvider } from '../../shared/adapters/ssm/client';
import { createAccount } from '../../shared/app/accounts/account-writes';
import { DECISION_LINK_KEY_SECRET, tableContext } from '../../shared/app/context';
import { snsEventOf } from '../../shared/app/feedback/sns-event';
import type { IngestResult } from '../../shared/app/inbound/ingest-result';
import { parseConfig } from '../../shared/config/load';
import type { Config } from '../../shared/config/schema';
import { signLink } from '../../shared/domain/notices/token';
import { SCHEDULES, type ScheduledJobEvent } from '../../shared/schedules';
import { synthesizeTestStack, TEST_ENV } from '../infra/fixture';
import { anAccount } from '../support/accounts';
import { startKmsStandIn } from '../support/kms-stand-in';
import { lambdaInvocation } from '../support/lambda';
import { startS3StandIn } from '../support/s3-stand-in';
import { sesEndpoint, sesStore } from '../support/services';
import { startSsmStandIn } from '../support/ssm-stand-in';

/**
 * Every AWS call each function's code makes, checked against that function's role in the
 * synthesized template. Each function's real handler runs its paths in this process against
 * DynamoDB Local, the local SES server and stand-ins for S3, SSM, Alma and the Ex Libris status
 * sources; the SDK middleware of shared/adapters/sdk-call-recorder.ts records each command; each
 * becomes the IAM request AWS would authorise (action, resource ARN of the template, condition
 * keys) and @cloud-copilot/iam-simulate evaluates it against the role's policies. A denied call
 * fails; a granted action or resource no recorded call uses is listed and fails too.
 */

type FunctionName =
  | 'InboundMailFunction'
  | 'NoticesFunction'
  | 'StatusCheckFunction'
  | 'DecisionPageFunction'
  | 'SesFeedbackFunction';
type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};
interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}
interface Recorded extends IamRequest {
  fn: FunctionName;
  command: string;
}

const { account: ACCOUNT, region: REGION } = TEST_ENV;
const STAGE_PREFIX = '/alma-accounts/test';
const CONFIG_PARAMETER = `${STAGE_PREFIX}/config`;
const RAW_BUCKET = 'raw-mail';
const KEYS = { 'LIB-A': 'key-lib-a-iam', decision: 'decision-key-iam', status: 'user:password' };
const corpus = (name: string) => readFileSync(new URL(`../fixtures/corpus/${name}`, import.meta.url));

let alma: AlmaStandIn;
let replay: StatusReplayServer;
let s3: Awaited<ReturnType<typeof startS3StandIn>>;
let ssm: Awaited<ReturnType<typeof startSsmStandIn>>;
let kms: Awaited<ReturnType<typeof startKmsStandIn>>;
/** The stack's password key as the template names it (PASSWORD_KEY_ID, as the stack sets it). */
let passwordKeyArn: string;
let config: Config;
let tableName: string;
let db: DynamoDBDocument;
let template: Template;
let roleOf: Record<FunctionName, Statement[]>;
const recorded: Recorded[] = [];
const saved = { ...process.env };

/** The deployed config, with Alma, the status sources and the page moved to the local stand-ins. */
function runtimeConfig(): Config {
  const raw = JSON.parse(readFileSync(new URL('../../config/example.json', import.meta.url), 'utf8'));
  raw.institutions[0] = { ...raw.institutions[0], almaApiBase: alma.url, almaProvisioning: 'approve' };
  raw.monitor.environments = [
    {
      name: 'Alma EU02 - Production',
      sources: [
        { kind: 'status-api', url: replay.url, credentialsSecret: 'exlibris-status' },
        { kind: 'status-page', url: replay.url },
      ],
    },
  ];
  raw.monitor.failuresBeforeAlert = 1;
  raw.alma = { ...raw.alma, retries: 1, timeoutMs: 1500 };
  raw.portal = { helpdeskStaff: ['portal-staff@helpdesk.example.org'] };
  return parseConfig(JSON.stringify(raw));
}

beforeAll(async () => {
  [alma, replay, s3] = await Promise.all([
    startAlmaStandIn({
      zones: [{ code: 'LIB-A', apiKey: KEYS['LIB-A'], userGroups: ['STAFF'] }],
      dailyQuota: 100,
    }),
    startStatusReplayServer(),
    startS3StandIn(),
  ]);
  config = runtimeConfig();
  tableName = `iam-${process.pid}-${Date.now()}`;
  db = await localTable(inject('dynamoEndpoint'), tableName);
  ssm = await startSsmStandIn({
    [CONFIG_PARAMETER]: JSON.stringify(config),
    [`${STAGE_PREFIX}/${DECISION_LINK_KEY_SECRET}`]: KEYS.decision,
    [`${STAGE_PREFIX}/alma-api-key/LIB-A`]: KEYS['LIB-A'],
    [`${STAGE_PREFIX}/exlibris-status`]: KEYS.status,
  });
  // As the stack sets them (see the functions test of stack.test.ts), endpoints moved to local services.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    CONFIG_PARAMETER,
    SECRETS_PREFIX: STAGE_PREFIX,
    RAW_MAIL_BUCKET: RAW_BUCKET,
    RAW_MAIL_PREFIX: 'inbound/',
    MAIL_FROM: config.mailbox,
    SES_CONFIGURATION_SET: 'alma-accounts-test',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_SESV2: sesEndpoint(),
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.CONFIG_JSON;
  const synth = synthesizeTestStack({ bundle: false, config });
  template = synth.template;
  const ids = Object.fromEntries(
    Object.entries(synth.stack.functions).map(([name, f]) => [
      name,
      synth.stack.getLogicalId(f.function.node.defaultChild as CfnElement),
    ]),
  ) as Record<FunctionName, string>;
  roleOf = Object.fromEntries(
    Object.entries(ids).map(([name, id]) => [name, statementsOfFunction(id)]),
  ) as Record<FunctionName, Statement[]>;
  const [keyId] = Object.entries(resources()).find(
    ([, r]) => r.Type === 'AWS::KMS::Key' && String(r.Properties.Description).includes('shared-account'),
  )!;
  passwordKeyArn = String(resolve({ 'Fn::GetAtt': [keyId, 'Arn'] }));
  kms = await startKmsStandIn([passwordKeyArn]);
  Object.assign(process.env, { PASSWORD_KEY_ID: passwordKeyArn, AWS_ENDPOINT_URL_KMS: kms.endpoint });
  await runEveryFunction();
}, 240_000);

afterAll(async () => {
  recordSdkCalls(undefined);
  process.env = { ...saved };
  await Promise.all([alma?.stop(), replay?.stop(), s3?.stop(), ssm?.stop(), kms?.stop()]);
});

/** Runs `work` as function `fn`: every SDK command sent meanwhile is that function's. */
async function as<T>(fn: FunctionName, work: () => Promise<T>): Promise<T | Error> {
  // A new container for each invocation as far as secrets go: each function reads its own.
  defaultSsmProvider().clearCache();
  recordSdkCalls((call) => {
    for (const request of iamRequests(call)) recorded.push({ fn, command: call.command, ...request });
  });
  try {
    return await work();
  } catch (error) {
    return error as Error;
  } finally {
    recordSdkCalls(undefined);
  }
}

function sesEvent(messageId: string, raw: Buffer, source?: string) {
  const event = JSON.parse(readFileSync('events/ses/inbound-a2.json', 'utf8'));
  event.Records[0].ses.mail.messageId = messageId;
  if (source) event.Records[0].ses.mail.source = source;
  s3.put(RAW_BUCKET, `inbound/${messageId}`, raw);
  return event;
}

function urlEvent(method: string, path: string, query: Record<string, string>, body = '') {
  return {
    version: '2.0',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: method === 'POST' ? { 'sec-fetch-site': 'same-origin' } : {},
    requestContext: { http: { method, path } },
    body,
    isBase64Encoded: false,
  } as never;
}

const expiresAt = () => Math.floor(Date.now() / 1000) + 86_400;

/** Each function's handler over the paths that reach AWS: requests, approvals, every job, a status check. */
async function runEveryFunction() {
  const invoke = (name: string) => lambdaInvocation(name, 120_000);
  // Inbound: an accepted request (LIB-B), one awaiting the helpdesk's approval (LIB-A), a repeat, one missing a field.
  const answers: unknown[] = [];
  for (const [id, mail] of [
    ['iam-a2', 'a2-nl-tijdelijk.eml'],
    ['iam-a1', 'a1-fr-benevole.eml'],
    ['iam-a2', 'a2-nl-tijdelijk.eml'],
    ['iam-a3', 'a3-en-missing-end.eml'],
    ['iam-a4', 'a4-other.eml'],
    ['iam-a5', 'a5-spoofed.eml'],
    ['iam-a6', 'a6-renewal.eml'],
  ] as const)
    answers.push(
      await as('InboundMailFunction', () => inboundMail(sesEvent(id, corpus(mail)), invoke('inbound-mail'))),
    );
  const a1 = (answers[1] as IngestResult[])[0]!;
  // Ex Libris announcing a maintenance: a window for the monitor.
  const exlibris = readFileSync('events/exlibris-mail/started.eml');
  await as('InboundMailFunction', () =>
    inboundMail(
      sesEvent('iam-exl', exlibris, 'bounce-status@mail.exlibrisgroup.com'),
      invoke('inbound-mail'),
    ),
  );

  // Decision page: the approval link shown then clicked (creates the Alma user, mails the helpdesk and,
  // the daily quota being low, the operators), a review and a deactivation link, the status page.
  const { accounts } = tableContext(db, tableName);
  const [pending] = await accounts.findByEmail(a1.account!.email);
  const other = await createAccount(
    { accounts },
    anAccount({ institution: 'LIB-A', endDate: '2027-12-31' as never }),
    { actor: 'test', reason: 'iam' },
    new Date(),
  );
  // A second account for the deactivation link (the review renewal above changes the first one's end).
  const closing = await createAccount(
    { accounts },
    anAccount({ institution: 'LIB-A', endDate: '2027-06-30' as never }),
    { actor: 'test', reason: 'iam' },
    new Date(),
  );
  const links = await Promise.all([
    signLink(
      { purpose: 'provision', accountId: pending?.id ?? other.id, expiresAt: expiresAt() },
      KEYS.decision,
    ),
    signLink(
      { purpose: 'review', accountId: other.id, campaign: 2027, decision: 'renew', expiresAt: expiresAt() },
      KEYS.decision,
    ),
    signLink(
      { purpose: 'close', accountId: closing.id, reasonDate: closing.endDate!, expiresAt: expiresAt() },
      KEYS.decision,
    ),
  ]);
  for (const t of links) {
    await as('DecisionPageFunction', () =>
      decisionPage(urlEvent('GET', '/decision', { t }), invoke('decision-page')),
    );
    await as('DecisionPageFunction', () =>
      decisionPage(urlEvent('POST', '/decision', {}, `t=${encodeURIComponent(t)}`), invoke('decision-page')),
    );
  }
  // The status page: refused without a link, shown with a signed one.
  const statusLink = await signLink({ purpose: 'status', expiresAt: expiresAt() }, KEYS.decision);
  await as('DecisionPageFunction', () =>
    decisionPage(urlEvent('GET', '/status', {}), invoke('decision-page')),
  );
  await as('DecisionPageFunction', () =>
    decisionPage(urlEvent('GET', '/status', { t: statusLink }), invoke('decision-page')),
  );

  const portal = await walkThePortal(invoke, other.id);

  // A shared account of LIB-A linked to an Alma user, for the password rotation (issue 30); written
  // as before the SHARED partition (the job's backfill indexes it).
  const shared = await createAccount(
    { accounts },
    anAccount({ institution: 'LIB-A', accountType: 'shared', endDate: null }),
    { actor: 'test', reason: 'iam' },
    new Date(),
  );
  const almaUser = alma.users('LIB-A')[0]!;
  alma.seed('LIB-A', [{ ...almaUser, primary_id: 'shared-iam' }]);
  await db.update({
    TableName: tableName,
    Key: { PK: `ACCOUNT#${shared.id}`, SK: 'ACCOUNT' },
    UpdateExpression: 'SET alma = :alma REMOVE GSI4PK, GSI4SK',
    ExpressionAttributeValues: {
      ':alma': {
        primaryId: 'shared-iam',
        state: 'synced',
        linkedAt: '2026-01-01T00:00:00Z',
        lastSyncAt: null,
        lastAnswer: 'linked',
        expiryDate: null,
      },
    },
  });

  // Notices: every job on the days it has work (a review campaign's start, reminder and year end
  // included; the rotation day, LIB-A's list confirmed by the helpdesk, the rotation carried out).
  const runNotices = async (day: string) => {
    for (const entry of SCHEDULES.filter((s) => s.functionId === 'NoticesFunction')) {
      const event: ScheduledJobEvent = { job: entry.job, scheduledTime: `${day}T06:00:00Z` };
      await as('NoticesFunction', () => notices(event as never, invoke('notices')));
    }
  };
  for (const day of ['2027-01-11', '2027-08-02', '2027-09-01']) await runNotices(day);
  // The weekly drift job recorded its report (REPORT#alma-drift): the helpdesk reads it in the portal.
  const drift = await portal.page('GET', '/portal/drift', {}, '', portal.staffSession);
  if (!drift.body?.includes('<h2>')) throw new Error(`drift page: ${drift.statusCode}`);
  const rotations = new DynamoDbRotationStore(db, tableName);
  const awaiting = await rotations.get('2027-09-01' as never, shared.id);
  if (awaiting?.state !== 'awaiting-approval') throw new Error(`rotation: ${JSON.stringify(awaiting)}`);
  await rotations.update({
    ...awaiting,
    state: 'approved',
    approvedBy: 'iam',
    version: awaiting.version + 1,
  });
  await runNotices('2027-09-02');
  // The manager's reveal link: shown, then revealed (KMS Decrypt, the record's password erased).
  const told = await rotations.get('2027-09-01' as never, shared.id);
  if (told?.state !== 'told') throw new Error(`rotation: ${JSON.stringify(told)}`);
  const reveal = await signLink(
    {
      purpose: 'reveal',
      accountId: shared.id,
      rotationDate: told.rotationDate,
      manager: config.institutions[0]!.managers[0]!,
      expiresAt: Math.floor(Date.parse(told.revealUntil!) / 1000),
    },
    KEYS.decision,
  );
  // Only to the link's manager signed in to the portal: the session the portal walk opened.
  await portal.page('GET', '/reveal', { t: reveal }, '', portal.managerSession);
  const revealed = await portal.page(
    'POST',
    '/reveal',
    {},
    `t=${encodeURIComponent(reveal)}`,
    portal.managerSession,
  );
  if (!JSON.stringify(revealed).includes('id=\\"password\\"'))
    throw new Error(`reveal: ${JSON.stringify(revealed).slice(0, 300)}`);
  await portal.page('POST', '/portal/sign-out', {}, '', portal.managerSession);
  for (const day of ['2027-11-15', '2027-12-10', '2027-12-31']) await runNotices(day);

  // SES feedback: a bounce of an account's own address (the managers asked), then its bounce link
  // clicked; a supervisor's address (the helpdesk told); a complaint; the same notification again.
  const leaver = await createAccount(
    { accounts },
    anAccount({ institution: 'LIB-A', email: 'leaver@lib-a.example', supervisorEmail: 'boss@lib-a.example' }),
    { actor: 'test', reason: 'iam' },
    new Date(),
  );
  const mail = { to: [leaver.email, 'boss@lib-a.example'], subject: 'notice', text: '' };
  const sent = {
    messageId: 'iam-ses-1',
    from: config.mailbox,
    mail: { ...mail, headers: { 'X-Alma-Accounts-Reference': 'notice' } },
  };
  const feedback = [
    simulatedNotification('bounce', leaver.email, sent, new Date(), 'iam-fb-1'),
    simulatedNotification('bounce', 'boss@lib-a.example', sent, new Date(), 'iam-fb-2'),
    simulatedNotification('complaint', leaver.email, sent, new Date(), 'iam-fb-3'),
    simulatedNotification('bounce', leaver.email, sent, new Date(), 'iam-fb-1'),
  ];
  for (const notification of feedback)
    await as('SesFeedbackFunction', () =>
      sesFeedback(snsEventOf(notification, 'iam-sns', new Date()), invoke('ses-feedback')),
    );
  const bounceLink = await signLink(
    { purpose: 'bounce', accountId: leaver.id, decision: 'close', expiresAt: expiresAt() },
    KEYS.decision,
  );
  await as('DecisionPageFunction', () =>
    decisionPage(urlEvent('GET', '/decision', { t: bounceLink }), invoke('decision-page')),
  );
  await as('DecisionPageFunction', () =>
    decisionPage(
      urlEvent('POST', '/decision', {}, `t=${encodeURIComponent(bounceLink)}`),
      invoke('decision-page'),
    ),
  );

  // Status check: all well, then an outage (alerts mailed), then back.
  for (const scenario of ['operational', 'outage', 'outage', 'operational'] as const) {
    replay.setScenario(scenario);
    await as('StatusCheckFunction', () =>
      statusCheck(
        { job: 'status-check', scheduledTime: new Date().toISOString() } as never,
        invoke('status-check'),
      ),
    );
  }
}

/**
 * The portal on the same function: sign-in by link, every list, an action, a form, a decision; the
 * manager's session comes back open (the reveal page uses it, then signs out).
 */
async function walkThePortal(
  invoke: (name: string) => ReturnType<typeof lambdaInvocation>,
  reviewed: string,
) {
  const page = async (
    method: string,
    path: string,
    query: Record<string, string>,
    body = '',
    cookie?: string,
  ) => {
    const event = urlEvent(method, path, query, body) as unknown as { cookies?: string[] };
    if (cookie) event.cookies = [cookie];
    const result = await as('DecisionPageFunction', () =>
      decisionPage(event as never, invoke('decision-page')),
    );
    return result as {
      statusCode: number;
      cookies?: string[];
      headers?: Record<string, string>;
      body?: string;
    };
  };
  const signIn = async (address: string) => {
    await page('POST', '/portal/sign-in', {}, new URLSearchParams({ address }).toString());
    const mail = (await sesStore()).filter((m) => m.destination.to.includes(address)).at(-1)!;
    const token = /\/portal\/link\?t=([\w.-]+)/.exec(mail.body.text ?? '')![1]!;
    await page('GET', '/portal/link', { t: token });
    const opened = await page('POST', '/portal/link', {}, `t=${token}`);
    return (opened.cookies ?? [opened.headers?.['set-cookie'] ?? ''])[0]!.split(';')[0]!;
  };
  const manager = config.institutions[0]!.managers[0]!;
  const cookie = await signIn(manager);
  for (const sort of ['name', 'email', 'end', 'type'])
    await page('GET', '/portal/accounts', { sort }, '', cookie);
  await page('GET', '/portal/accounts', { q: 'a' }, '', cookie);
  await page('GET', '/portal/accounts', { filter: 'ending' }, '', cookie);
  await page('GET', '/portal/requests', {}, '', cookie);
  await page('GET', '/portal/requests', { mine: '1' }, '', cookie);
  await page('GET', '/portal/requests', { sort: 'changed' }, '', cookie);
  await page('GET', `/portal/accounts/${reviewed}`, {}, '', cookie);
  await page('GET', '/portal/review', {}, '', cookie);
  await page('POST', '/portal/review', {}, `account=${reviewed}&decision=not-renew`, cookie);
  await page('POST', `/portal/accounts/${reviewed}/renew`, {}, 'date=31/10/2027', cookie);
  await page(
    'POST',
    '/portal/new',
    {},
    new URLSearchParams({
      kind: 'personal',
      fullName: 'Iam Portal',
      email: 'iam.portal@lib-a.example',
      employeeType: 'permanent',
      tasks: 'prêt',
    }).toString(),
    cookie,
  );
  // The answer of that request carries the rating links (issue 29): the form, a rating, the month's page.
  const answered = (await sesStore()).filter((m) => m.destination.to.includes(manager)).at(-1)!;
  const rating = /\/rate\?t=([\w.-]+)/.exec(answered.body.text ?? '')![1]!;
  await page('GET', '/rate', { t: rating });
  const rated = await page(
    'POST',
    '/rate',
    {},
    new URLSearchParams({ t: rating, choice: 'good', comment: 'ok' }).toString(),
  );
  expect(rated.statusCode).toBe(200);
  const staff = await signIn('portal-staff@helpdesk.example.org');
  await page('GET', '/portal/approvals', {}, '', staff);
  await page('GET', '/portal/ratings', {}, '', staff);
  await page('GET', '/portal/attention', {}, '', staff);
  await page('GET', '/portal/attention', { list: 'failed', inst: 'LIB-A' }, '', staff);
  await page('POST', '/portal/attention/handled', {}, 'message=iam-not-forwarded', staff);
  return { page, managerSession: cookie, staffSession: staff };
}

// ---- From SDK commands to IAM requests -------------------------------------------------------

const tableArn = (table: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`;
/** The item's partition key (lib-dynamodb records the plain value, a raw command the attribute value). */
const partitionOf = (key: unknown): Record<string, string[]> => {
  const value = (key as { PK?: string | { S?: string } } | undefined)?.PK;
  const pk = typeof value === 'string' ? value : value?.S;
  return pk === undefined ? {} : { 'dynamodb:LeadingKeys': [pk] };
};

/** The IAM requests AWS authorises for one SDK command (a transaction: one per item). */
function iamRequests(call: SdkCall): IamRequest[] {
  const input = call.input;
  const command = call.command.replace(/Command$/, '');
  if (call.client === 'DynamoDBClient') {
    const dynamo = (action: string, table: string, index?: unknown, key?: unknown): IamRequest => ({
      action: `dynamodb:${action}`,
      resource: index ? `${tableArn(table)}/index/${index}` : tableArn(table),
      context: partitionOf(key),
    });
    if (command === 'TransactWriteItems') {
      return (
        input.TransactItems as Record<string, { TableName: string; Key?: unknown; Item?: unknown }>[]
      ).map((item) => {
        const [kind, body] = Object.entries(item)[0]!;
        const action = {
          Put: 'PutItem',
          Update: 'UpdateItem',
          Delete: 'DeleteItem',
          ConditionCheck: 'ConditionCheckItem',
        }[kind]!;
        return dynamo(action, body.TableName, undefined, body.Key ?? body.Item);
      });
    }
    if (command === 'TransactGetItems')
      return (input.TransactItems as { Get: { TableName: string; Key: unknown } }[]).map((i) =>
        dynamo('GetItem', i.Get.TableName, undefined, i.Get.Key),
      );
    if (command === 'BatchGetItem' || command === 'BatchWriteItem')
      return Object.keys(input.RequestItems as object).map((table) => dynamo(command, table));
    return [dynamo(command, input.TableName as string, input.IndexName, input.Key ?? input.Item)];
  }
  if (call.client === 'KMSClient' && (command === 'Encrypt' || command === 'Decrypt')) {
    const context = input.EncryptionContext as Record<string, string> | undefined;
    return [
      {
        action: `kms:${command}`,
        resource: String(input.KeyId),
        context: {
          'kms:CallerAccount': ACCOUNT,
          ...Object.fromEntries(
            Object.entries(context ?? {}).map(([k, v]) => [`kms:EncryptionContext:${k}`, v]),
          ),
        },
      },
    ];
  }
  if (call.client === 'S3Client')
    return [{ action: `s3:${command}`, resource: `arn:aws:s3:::${input.Bucket}/${input.Key}`, context: {} }];
  if (call.client === 'SESv2Client' && command === 'SendEmail') {
    const from = String(input.FromEmailAddress);
    // SES v2 SendEmail with raw content is authorised as ses:SendRawEmail, simple content as ses:SendEmail.
    const raw = Boolean((input.Content as { Raw?: unknown }).Raw);
    const send = (resource: string): IamRequest => ({
      action: raw ? 'ses:SendRawEmail' : 'ses:SendEmail',
      resource,
      context: { 'ses:FromAddress': from },
    });
    // With a configuration set SES authorises the send on the set too.
    return [
      send(`arn:aws:ses:${REGION}:${ACCOUNT}:identity/${from.split('@')[1]}`),
      ...(input.ConfigurationSetName
        ? [send(`arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/${String(input.ConfigurationSetName)}`)]
        : []),
    ];
  }
  if (call.client === 'SSMClient' && command === 'GetParameter') {
    const name = String(input.Name);
    const parameter: IamRequest = {
      action: 'ssm:GetParameter',
      resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${name.replace(/^\//, '')}`,
      context: {},
    };
    // A SecureString (every secret; the config is a String) is decrypted by SSM with the caller's rights.
    if (name === CONFIG_PARAMETER || !input.WithDecryption) return [parameter];
    return [
      parameter,
      {
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/aws-ssm-default-key-id`,
        context: { 'kms:ViaService': `ssm.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT },
      },
    ];
  }
  throw new Error(`no IAM mapping for ${call.client} ${call.command}: add one`);
}

// ---- The template's roles, intrinsics resolved as CloudFormation would ------------------------

const resources = () => template.toJSON().Resources as Record<string, Resource>;

/** Physical names: the table and the bucket are the local ones the recorded calls name. */
function physicalName(logicalId: string): string {
  const type = resources()[logicalId]?.Type;
  if (type === 'AWS::DynamoDB::Table') return tableName;
  if (type === 'AWS::S3::Bucket' && logicalId.startsWith('RawMailBucket')) return RAW_BUCKET;
  return logicalId.toLowerCase();
}

function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const ref = object.Ref as string;
    const pseudo: Record<string, string> = {
      'AWS::AccountId': ACCOUNT,
      'AWS::Region': REGION,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    return pseudo[ref] ?? physicalName(ref);
  }
  if ('Fn::GetAtt' in object) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    const type = resources()[id]?.Type;
    const name = physicalName(id);
    if (attribute !== 'Arn') return `${id}.${attribute}`;
    if (type === 'AWS::DynamoDB::Table') return tableArn(name);
    if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${name}`;
    if (type === 'AWS::KMS::Key') return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${name}`;
    const service = type?.split('::')[1]?.toLowerCase() ?? 'unknown';
    return `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => resolve(p)).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolve(v)]));
}

function statementsOfFunction(functionLogicalId: string): Statement[] {
  const all = resources();
  const roleId = (all[functionLogicalId]!.Properties.Role as { 'Fn::GetAtt': [string, string] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(all)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => (resolve(p.Properties.PolicyDocument) as { Statement: Statement[] }).Statement);
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/**
 * The resource's own policy where AWS has one: the raw-mail bucket's (from the template) and the
 * AWS-managed aws/ssm key's (any principal of the account, through SSM only).
 */
function resourcePolicyOf(request: IamRequest): unknown {
  // The stack's password key: its key policy from the template (the account's IAM policies decide).
  if (request.action.startsWith('kms:') && request.resource === passwordKeyArn) {
    const key = Object.entries(resources()).find(
      ([id, r]) => r.Type === 'AWS::KMS::Key' && resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === passwordKeyArn,
    );
    return key ? resolve(key[1].Properties.KeyPolicy) : undefined;
  }
  if (request.action.startsWith('kms:'))
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `ssm.${REGION}.amazonaws.com` },
          },
        },
      ],
    };
  if (request.action.startsWith('s3:')) {
    const policy = Object.values(resources()).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && resolve(r.Properties.Bucket) === RAW_BUCKET,
    );
    return policy ? resolve(policy.Properties.PolicyDocument) : undefined;
  }
  return undefined;
}

/**
 * iam-simulate 's context-key lookup replaces a key's variable part only after a '/'
 * (`aws:RequestTag/${TagKey}`), not KMS's `kms:EncryptionContext:${EncryptionContextKey}`: such a
 * condition never matches there. Those conditions (StringEquals only) are evaluated here against
 * the request instead: a statement whose encryption context matches keeps the rest of its
 * condition, one that does not is dropped (it allows nothing).
 */
function withEncryptionContextEvaluated(statements: Statement[], request: IamRequest): Statement[] {
  const prefix = 'kms:EncryptionContext:';
  return statements.flatMap((statement) => {
    const equals = statement.Condition?.StringEquals;
    const keys = Object.keys(equals ?? {}).filter((k) => k.startsWith(prefix));
    if (!equals || !keys.length) return [statement];
    if (!keys.every((k) => list(equals[k] as string | string[]).includes(String(request.context[k]))))
      return [];
    const rest = Object.fromEntries(Object.entries(equals).filter(([k]) => !k.startsWith(prefix)));
    const { StringEquals: _, ...others } = statement.Condition!;
    const Condition = Object.keys(rest).length ? { ...others, StringEquals: rest } : others;
    return [{ ...statement, Condition }];
  });
}

async function decision(fn: FunctionName, request: IamRequest): Promise<string> {
  const resourcePolicy = resourcePolicyOf(request);
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/${fn}Role`,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        // Every SDK call goes over TLS.
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: [
        {
          name: fn,
          policy: { Version: '2012-10-17', Statement: withEncryptionContextEvaluated(roleOf[fn], request) },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') return `error: ${JSON.stringify(result.errors)}`;
  return result.overallResult;
}

const FUNCTIONS: FunctionName[] = [
  'InboundMailFunction',
  'NoticesFunction',
  'StatusCheckFunction',
  'DecisionPageFunction',
  'SesFeedbackFunction',
];

/**
 * Grants the code reaches on paths this test does not run, each with the path. Anything else
 * granted and never used is a finding.
 */
const REACHABLE_UNEXERCISED: Record<FunctionName, Record<string, string>> = {
  InboundMailFunction: {
    'dynamodb:DeleteItem': 'a plan nothing of which was sent is dropped (request-store dropPlan)',
    'xray:PutTraceSegments': 'active tracing: the Lambda runtime sends the trace (no SDK call of ours)',
    'xray:PutTelemetryRecords': 'active tracing: the Lambda runtime sends the trace (no SDK call of ours)',
    'alma-api-key/': 'an accepted request of an institution in auto mode creates its Alma user',
  },
  NoticesFunction: {
    'dynamodb:DeleteItem': 'a claim given back after a failed send (claim-store release)',
    'dynamodb:BatchGetItem': 'the yearly review reads the entries of many accounts (review-store entriesOf)',
  },
  StatusCheckFunction: {
    'dynamodb:DeleteItem': 'a claim given back after a failed alert (claim-store release)',
  },
  DecisionPageFunction: {
    'dynamodb:DeleteItem': 'a claim given back after a failed follow-up mail (claim-store release)',
  },
  SesFeedbackFunction: {
    'dynamodb:DeleteItem': 'a claim given back after a failed send or step (claim-store release)',
  },
};

/** Distinct requests of a function (the same command on the same resource counts once). */
function requestsOf(fn: FunctionName): Recorded[] {
  const seen = new Map<string, Recorded>();
  for (const r of recorded.filter((r) => r.fn === fn))
    seen.set(`${r.action} ${r.resource} ${JSON.stringify(r.context)}`, r);
  return [...seen.values()];
}

describe('every AWS call a function makes is allowed by its role', () => {
  it('records calls of every function, mail sent by each', () => {
    for (const fn of FUNCTIONS) {
      const actions = new Set(requestsOf(fn).map((r) => r.action));
      expect(actions.size, fn).toBeGreaterThan(0);
      expect(actions.has('ses:SendRawEmail'), `${fn} sent mail`).toBe(true);
    }
  });

  it.each(FUNCTIONS)('%s: no recorded call is denied', async (fn) => {
    const denied: string[] = [];
    for (const request of requestsOf(fn)) {
      const verdict = await decision(fn, request);
      if (verdict !== 'Allowed')
        denied.push(
          `${request.command} → ${request.action} on ${request.resource} ${JSON.stringify(request.context)}: ${verdict}`,
        );
    }
    expect(denied).toEqual([]);
  });

  it.each(FUNCTIONS)('%s: grants no action or resource that no recorded call needs', (fn) => {
    const calls = requestsOf(fn);
    const unused: string[] = [];
    for (const statement of roleOf[fn].filter((s) => s.Effect === 'Allow')) {
      for (const action of list(statement.Action)) {
        // The runtime, not the code, writes the logs; the Lambda service sends the dead letters.
        if (action.startsWith('logs:') || action === 'sqs:SendMessage') continue;
        for (const resource of list(statement.Resource)) {
          const allowance = Object.keys(REACHABLE_UNEXERCISED[fn]).find(
            (what) => what === action || (what.endsWith('/') && resource.includes(`/${what}`)),
          );
          if (allowance) continue;
          const used = calls.some((c) => glob(action).test(c.action) && glob(resource).test(c.resource));
          if (!used) unused.push(`${action} on ${resource}`);
        }
      }
    }
    expect(unused).toEqual([]);
  });
});
