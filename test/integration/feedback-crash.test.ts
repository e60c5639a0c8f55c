import { Logger } from '@aws-lambda-powertools/logger';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS, localTable } from '../../local/dynamodb-local';
import { simulatedNotification } from '../../local/ses-simulator';
import { FileSecretReader } from '../../shared/adapters/secrets/file-secrets';
import { createSesClient } from '../../shared/adapters/ses/client';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import { type AppContext, appContext, DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import { handleSesFeedback } from '../../shared/app/feedback/ses-feedback';
import { notificationOf } from '../../shared/app/feedback/sns-event';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig } from '../support/context';
import { CrashHarness, type CrashPoint, untilDone } from '../support/crash-harness';
import { sesEndpoint, sesStore } from '../support/services';

/**
 * Crash anywhere in the feedback handler (issue 31), as the notice and inbound functions are
 * tested: the container dies at a random SDK call (before it is sent or after it landed), Lambda
 * retries SNS's delivery, and the end equals the crash-free run — the address marked once, one
 * history line, the managers asked once and the helpdesk told once (a message twice only where
 * the crash fell between SES accepting it and its mark).
 */
const SEED = Number(process.env.CRASH_SEED ?? 20_310_301);
const T0 = Date.parse('2031-03-01T06:00:00Z');
let runs = 0;

const config = testConfig({
  mailbox: 'accounts@crash-fb.example',
  helpdesk: 'helpdesk@crash-fb.example',
  institutions: [
    { code: 'LIB-A', name: 'Library A', language: 'en', managers: ['manager@crash-fb.example'] },
  ],
});

interface Result {
  mails: string[];
  state: unknown;
  crashes: number;
  afterSesAccepted: number;
  finished: boolean;
}

async function run(crashes: readonly CrashPoint[]): Promise<Result> {
  const tag = `r${runs++}x${process.pid}`;
  const harness = new CrashHarness();
  const tableName = `crash-fb-${tag}`;
  const db = harness.watch(await localTable(inject('dynamoEndpoint'), tableName));
  const ses = harness.watch(createSesClient({ endpoint: sesEndpoint(), ...LOCAL_AWS }));
  const ctx: AppContext = appContext({
    config,
    db,
    tableName,
    mailer: new SesMailer(ses, config.mailbox),
    secrets: new FileSecretReader(`/tmp/alma-crash-fb-${process.pid}.json`, [DECISION_LINK_KEY_SECRET]),
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  const holder = `leaver.${tag}@crash-fb.example`;
  const supervisor = `boss.${tag}@crash-fb.example`;
  const account = anAccount({ institution: 'LIB-A', email: holder, supervisorEmail: supervisor });
  await ctx.accounts.create(account, createdEvent(account));
  // One bounce report naming both: the holder's address and the supervisor's.
  const raw = simulatedNotification(
    'bounce',
    holder,
    {
      messageId: `ses-${tag}`,
      from: config.mailbox,
      mail: {
        to: [holder, supervisor],
        subject: 'notice',
        text: '',
        headers: { 'X-Alma-Accounts-Reference': 'notice' },
      },
    },
    new Date(T0),
    `fb-${tag}`,
  ) as { bounce: { bouncedRecipients: Record<string, unknown>[] } };
  raw.bounce.bouncedRecipients.push({ ...raw.bounce.bouncedRecipients[0], emailAddress: supervisor });
  const notification = notificationOf(JSON.stringify(raw));
  // Each retry comes after the crashed attempt's lease (Lambda's async retries wait minutes).
  const record = await untilDone(
    harness,
    (attempt) => handleSesFeedback(ctx, notification, new Date(T0 + attempt * 5 * 60_000)),
    crashes,
  );
  const mails = (await sesStore())
    .filter((m) => m.subject?.includes(tag))
    .map((m) => `${m.destination.to.join(',')} | ${m.subject.replaceAll(tag, 'TAG')}`);
  const standing = await ctx.feedback.getMany([holder, supervisor]);
  const history = await ctx.accounts.history(account.id);
  return {
    mails,
    state: {
      standings: [...standing.values()]
        .map((s) => [s.email.replace(tag, 'TAG'), s.state, s.feedbackIds.length])
        .sort(),
      history: history.map((e) => e.action),
      done: await ctx.claims.isDone(`ses-feedback#fb-${tag}`),
    },
    crashes: record.crashes.length,
    afterSesAccepted: record.afterSesAccepted,
    finished: record.value !== undefined,
  };
}

describe(`ses-feedback: crash anywhere, then Lambda's retries (fast-check seed ${SEED})`, () => {
  it('the address marked once, one history line, one question, one helpdesk message', async () => {
    const clean = await run([]);
    expect(clean.mails.sort()).toEqual([
      "helpdesk@crash-fb.example | A supervisor's or manager's address bounces: boss.TAG@crash-fb.example",
      'manager@crash-fb.example | Mail to leaver.TAG@crash-fb.example bounces: has Jean Lemaire left?',
    ]);
    expect(clean.state).toMatchObject({ history: ['created', 'mail-bounced'], done: true });
    let crashes = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ call: fc.integer({ min: 1, max: 24 }), landed: fc.boolean() }), {
          minLength: 1,
          maxLength: 3,
        }),
        async (points) => {
          const crashed = await run(points);
          crashes += crashed.crashes;
          expect(crashed.finished).toBe(true);
          expect(crashed.state).toEqual(clean.state);
          for (const mail of clean.mails) expect(crashed.mails, 'a message lost').toContain(mail);
          // Only a crash between SES accepting a message and its mark may repeat it.
          expect(crashed.mails.length - clean.mails.length).toBeLessThanOrEqual(crashed.afterSesAccepted);
        },
      ),
      { seed: SEED, numRuns: 12, endOnFailure: true },
    );
    expect(crashes).toBeGreaterThan(4);
  }, 60_000);
});
