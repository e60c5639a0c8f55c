import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { convert } from 'html-to-text';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MailboxSimulatorMailer } from '../../local/ses-simulator';
import {
  type ScenarioName,
  type StatusReplayServer,
  startStatusReplayServer,
} from '../../local/status-replay-server';
import type { AppContext } from '../../shared/app/context';
import { handleSesFeedback } from '../../shared/app/feedback/ses-feedback';
import { notificationOf } from '../../shared/app/feedback/sns-event';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { runStatusCheck } from '../../shared/app/monitor/status-check';
import { handleStatusPageRequest } from '../../shared/app/monitor/status-page';
import { runStatusSummary } from '../../shared/app/monitor/weekly-summary';
import { runNoticeJob } from '../../shared/app/notices/run-notice-job';
import type { Language } from '../../shared/config/schema';
import type { CalendarDate } from '../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { expectTranscript, maskVariable, transcriptOf } from '../support/transcripts';

/**
 * The mails the use cases really send, with their envelopes, from fixed scenarios against
 * DynamoDB Local, the local SES and the status replay server, with a fixed `now`: the corpus
 * requests and a reply, the follow-up of a request left waiting, Ex Libris' maintenance mails,
 * a monitored outage with its reminder and recovery, a probe failure Ex Libris does not see, an
 * unreadable source, the weekly summary and the status page. One file per mail, in the order
 * sent (`.01`, `.02` …). The pure builders' texts in every language: test/unit/transcripts.test.ts.
 */

/** Records what is sent, after handing it to the real (local SES) mailer. */
class RecordingMailer implements Mailer {
  sent: OutgoingMail[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail) {
    const result = await this.inner.send(mail);
    this.sent.push(mail);
    return result;
  }
  take(): OutgoingMail[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }
}

async function recordingContext(config: ReturnType<typeof testConfig>) {
  const ctx = await testContext(config);
  const mailer = new RecordingMailer(ctx.mailer);
  ctx.logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  return { ctx: { ...ctx, mailer } as AppContext & { dataDir: string; mailer: RecordingMailer }, mailer };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The order a request's answers are planned in: the requester's, the helpdesk's copy, the training notice. */
function answerRank(mail: OutgoingMail): number {
  if (mail.to.some((to) => to.startsWith('helpdesk@'))) return 1;
  if (mail.to.some((to) => to.startsWith('training@'))) return 2;
  return 0;
}
/** Each mail of a step as `<name>.NN.txt`; a step that sends nothing writes `<name>.none.txt`, so silence is reviewed too. */
function expectMails(name: string, mails: OutgoingMail[]) {
  if (mails.length === 0) expectTranscript(`${name}.none.txt`, '(no mail)\n');
  mails.forEach((mail, i) => {
    expectTranscript(`${name}.${pad(i + 1)}.txt`, transcriptOf(mail));
  });
}

// ------------------------------------------------------------------ request mails
const corpusDir = new URL('../fixtures/corpus/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('expected.json', corpusDir), 'utf8')) as {
  now: string;
  mailbox: string;
  institutions: unknown[];
};
const NOW = new Date(corpus.now);
const DAY = 86_400_000;

describe('transcripts of the request mailbox (corpus mails through receiveInboundMail)', () => {
  let ctx: AppContext;
  let mailer: RecordingMailer;
  beforeAll(async () => {
    ({ ctx, mailer } = await recordingContext(
      testConfig({
        mailbox: corpus.mailbox,
        helpdesk: 'helpdesk@helpdesk.example.org',
        trainingCoordinators: ['training@helpdesk.example.org'],
        institutions: corpus.institutions,
      }),
    ));
  });
  const ingest = async (messageId: string, raw: Uint8Array, now = NOW) => {
    await receiveInboundMail(ctx, { messageId, raw, receipt: null, now });
    // A plan's answers go out concurrently: numbered in the plan's own order, not in the order SES answered.
    return mailer.take().sort((a, b) => answerRank(a) - answerRank(b));
  };

  it.each(['a1-fr-benevole', 'a2-nl-tijdelijk', 'a4-other', 'a5-spoofed', 'a6-renewal'])(
    '%s',
    async (name) => {
      expectMails(
        `inbound/${name}`,
        await ingest(`ses-${name}`, readFileSync(new URL(`${name}.eml`, corpusDir))),
      );
    },
  );

  it('a3: missing end date, completed by a reply', async () => {
    const first = await ingest('ses-a3', readFileSync(new URL('a3-en-missing-end.eml', corpusDir)));
    expectMails('inbound/a3-en-missing-end', first);
    const reference = /REQ-\d{4}-[0-9A-Z]{8}/.exec(first[0]!.subject)![0];
    const reply = [
      'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      'From: Koen Maes <koen.maes@lib-b.example>',
      'To: accounts@helpdesk.example.org',
      `Subject: Re: ${reference} New Alma account: information needed`,
      'Message-ID: <reply-a3@lib-b.example>',
      'In-Reply-To: <a3-en-missing-end@lib-b.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'End date: 30/06/2027',
    ].join('\r\n');
    expectMails(
      'inbound/a3-reply',
      await ingest('ses-a3-reply', Buffer.from(reply), new Date(NOW.getTime() + DAY)),
    );
  });

  it('a request left waiting: one reminder, then closed', async () => {
    const raw = readFileSync(new URL('a3-en-missing-end.eml', corpusDir))
      .toString('utf8')
      .replace('<a3-en-missing-end@lib-b.example>', '<a3-left-waiting@lib-b.example>');
    await ingest('ses-a3-waiting', Buffer.from(raw));
    await runNoticeJob('request-follow-up', ctx, new Date(NOW.getTime() + 8 * DAY));
    expectMails('follow-up/run-day-08', mailer.take());
    await runNoticeJob('request-follow-up', ctx, new Date(NOW.getTime() + 31 * DAY));
    expectMails('follow-up/run-day-31', mailer.take());
  });
});

// ------------------------------------------------------------------ status monitor
const EU02 = 'Alma EU02 - Production';
const T0 = Date.parse('2027-03-10T08:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

describe('transcripts of the status monitor (replay server, fixed times)', () => {
  let server: StatusReplayServer;
  beforeAll(async () => {
    server = await startStatusReplayServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function world(
    language: Language,
    options: { source?: 'status-api' | 'status-page'; monitor?: Record<string, unknown> } = {},
  ) {
    const source =
      options.source === 'status-page'
        ? { kind: 'status-page', url: `${server.url}/` }
        : { kind: 'status-api', url: server.url, credentialsSecret: 'exlibris-status' };
    const { ctx, mailer } = await recordingContext(
      testConfig({
        alerts: {
          recipients: ['alerts@helpdesk.example.org'],
          operators: ['ops@helpdesk.example.org'],
          language,
        },
        institutions: [
          {
            code: 'LIB-A',
            name: 'Bibliothèque Saint-Géry',
            language: 'fr',
            managers: ['anne.dubois@lib-a.example'],
            almaEnvironment: EU02,
            almaUrl: `${server.url}/lib-a/mng/login`,
            almaApiBase: `${server.url}/lib-a`,
            almaApiKeySecret: 'alma-api-key/LIB-A',
          },
          {
            code: 'LIB-B',
            name: 'Universiteitsbibliotheek Leuven',
            language: 'nl',
            managers: ['koen.maes@lib-b.example'],
            almaEnvironment: EU02,
            almaUrl: `${server.url}/lib-b/mng/login`,
          },
        ],
        monitor: {
          environments: [{ name: EU02, source }],
          timeoutMs: 5000,
          statusPage: { access: 'public', linkDays: 366, title: 'Alma – réseau des bibliothèques' },
          ...options.monitor,
        },
      }),
    );
    writeFileSync(
      join(ctx.dataDir, 'secrets.json'),
      JSON.stringify({ 'alma-api-key/LIB-A': 'l7xx-replay-key', 'exlibris-status': 'monitor:replay' }),
    );
    /** Runs the check at each minute under a scenario; the mails sent over those runs. */
    const runs = async (scenario: ScenarioName, minutes: number[]) => {
      server.setScenario(scenario);
      const mails: OutgoingMail[] = [];
      // A run's mails go out concurrently: each run's numbered by recipient and subject, the runs in order.
      for (const minute of minutes) {
        await runStatusCheck(ctx, at(minute));
        mails.push(
          ...mailer
            .take()
            .sort((a, b) => `${a.to.join(',')}|${a.subject}`.localeCompare(`${b.to.join(',')}|${b.subject}`)),
        );
      }
      return mails;
    };
    return { ctx, mailer, runs };
  }

  const statusPage = async (ctx: AppContext, language: Language, minute: number) => {
    const page = await handleStatusPageRequest(ctx, {
      method: 'GET',
      path: '/status',
      query: { lang: language },
      body: '',
      now: at(minute),
    });
    // The page as text (html-to-text, tables kept as tables); the 90 day bars without data are
    // left out, one line saying how many, so the days that have data stand out.
    const lines = convert(page.body, { wordwrap: 100, tables: true }).split('\n');
    const out: string[] = [];
    let empty = 0;
    for (const line of lines) {
      if (/^\s*\d+\.\s+\d{2}\/\d{2}\/\d{4}\s?: (no data|pas de données|geen gegevens)$/.test(line)) empty++;
      else {
        if (empty) out.push(`  [${empty} days without data left out]`);
        empty = 0;
        out.push(line);
      }
    }
    return `${maskVariable(out.join('\n'))}\n`;
  };

  for (const language of ['en', 'fr', 'nl'] as const) {
    it(`outage told by Ex Libris: alert, reminder, recovery, status page (${language})`, async () => {
      const w = await world(language);
      expectMails(`monitor-run/outage-alert.${language}`, await w.runs('outage', [0, 5]));
      expectTranscript(
        `monitor-run/status-page-during-outage.${language}.txt`,
        await statusPage(w.ctx, language, 6),
      );
      expectMails(`monitor-run/outage-reminder.${language}`, await w.runs('outage', [10, 60, 120, 125, 130]));
      expectMails(`monitor-run/outage-recovery.${language}`, await w.runs('operational', [135, 140, 145]));
      expectTranscript(
        `monitor-run/status-page-after-recovery.${language}.txt`,
        await statusPage(w.ctx, language, 146),
      );
    });

    it(`degraded per Ex Libris: alert, status page, recovery (${language})`, async () => {
      const w = await world(language);
      expectMails(`monitor-run/degraded-alert.${language}`, await w.runs('degraded', [0, 5, 10]));
      expectTranscript(
        `monitor-run/status-page-degraded.${language}.txt`,
        await statusPage(w.ctx, language, 11),
      );
      expectMails(`monitor-run/degraded-recovery.${language}`, await w.runs('operational', [15, 20, 25]));
    });

    it(`every probe fails while Ex Libris says normal, then recovers (${language})`, async () => {
      const w = await world(language, { source: 'status-page' });
      expectMails(`monitor-run/mismatch-alert.${language}`, await w.runs('probes-down', [0, 5, 10]));
      expectMails(`monitor-run/mismatch-recovery.${language}`, await w.runs('operational', [15, 20, 25]));
    });
  }

  it('one institution unreachable while Ex Libris says normal, then back (en)', async () => {
    const w = await world('en');
    server.setScenario('operational', {
      '/lib-a/almaws/v1/users/operation/test': { status: 503, fixture: 'alma-api/unavailable.html' },
      '/lib-a/mng/login': { refuse: true },
    });
    for (const minute of [0, 5, 10]) await runStatusCheck(w.ctx, at(minute));
    expectMails('monitor-run/one-institution-alert.en', w.mailer.take());
    expectMails('monitor-run/one-institution-recovery.en', await w.runs('operational', [15, 20, 25]));
  });

  it('degraded, then down, then back: escalation and one recovery (en)', async () => {
    const w = await world('en');
    expectMails('monitor-run/escalation-degraded.en', await w.runs('degraded', [0, 5]));
    expectMails('monitor-run/escalation-down.en', await w.runs('outage', [10, 15]));
    expectMails('monitor-run/escalation-recovery.en', await w.runs('operational', [20, 25, 30]));
  });

  it('our probes fail first, then Ex Libris reports the outage, then all is back (en)', async () => {
    const w = await world('en');
    expectMails('monitor-run/probes-first-alert.en', await w.runs('probes-down', [0, 5]));
    expectMails('monitor-run/probes-first-exlibris.en', await w.runs('outage', [10, 15]));
    expectMails('monitor-run/probes-first-recovery.en', await w.runs('operational', [20, 25, 30]));
  });

  it('the same with runs seconds apart, as under `npm start` (en)', async () => {
    const w = await world('en');
    const seconds = (...list: number[]) => list.map((s) => s / 60);
    await w.runs('probes-down', seconds(0, 5));
    await w.runs('outage', seconds(10, 15));
    w.mailer.take();
    expectMails(
      'monitor-run/probes-first-fast-recovery.en',
      await w.runs('operational', seconds(20, 25, 30)),
    );
  });

  it('alert on the first failing run, back on the next (failuresBeforeAlert 1, en)', async () => {
    const w = await world('en', { monitor: { failuresBeforeAlert: 1, successesBeforeRecovery: 1 } });
    expectMails('monitor-run/short-outage-alert.en', await w.runs('probes-down', [0]));
    expectMails('monitor-run/short-outage-recovery.en', await w.runs('operational', [5, 10]));
  });

  it('an API key Alma refuses: operators told, then fixed (en)', async () => {
    const w = await world('en');
    expectMails('monitor-run/invalid-api-key.en', await w.runs('invalid-api-key', [0, 5, 10, 15]));
    expectMails('monitor-run/invalid-api-key-fixed.en', await w.runs('operational', [20, 25, 30]));
  });

  it('an unreadable source, then readable again (operators)', async () => {
    const w = await world('en', { source: 'status-page' });
    expectMails('monitor-run/unreadable.en', await w.runs('garbage', [0, 5, 10, 15]));
    expectMails('monitor-run/readable-again.en', await w.runs('operational', [20, 25, 30]));
  });

  it('maintenance announced by the status API (alerts)', async () => {
    const w = await world('en');
    expectMails('monitor-run/maintenance-announced.en', await w.runs('maintenance-announced', [0, 5]));
    expectMails('monitor-run/maintenance-started.en', await w.runs('maintenance-started', [10, 15, 20]));
    expectMails('monitor-run/maintenance-finished.en', await w.runs('maintenance-finished', [65, 70, 75]));
  });

  it('weekly summary', async () => {
    const w = await world('en', { monitor: { weeklySummary: true } });
    await w.runs('operational', [0, 5]);
    await w.runs('outage', [10, 15, 20]);
    await w.runs('operational', [25, 30]);
    await runStatusSummary(w.ctx, new Date('2027-03-15T07:00:00Z'));
    expectMails(
      'monitor-run/weekly-summary.en',
      w.mailer.take().filter((m) => m.subject.startsWith('[SUMMARY]')),
    );
  });

  it('Ex Libris maintenance mails: the managers told in their language', async () => {
    const w = await world('en', { source: 'status-page' });
    server.setScenario('operational');
    for (const [n, name] of (['planned', 'started', 'finished'] as const).entries()) {
      const raw = readFileSync(join('events/exlibris-mail', `${name}.eml`));
      await receiveInboundMail(w.ctx, { messageId: `ses-exl-${name}`, raw, receipt: null, now: at(n * 60) });
      // Each institution's managers are told concurrently: numbered by recipient, not by who SES answered first.
      expectMails(
        `monitor-run/exlibris-mail-${name}`,
        w.mailer.take().sort((a, b) => a.to.join(',').localeCompare(b.to.join(','))),
      );
    }
  });
});

// ------------------------------------------------------------------ SES feedback
describe('transcripts of SES feedback (the mailbox simulator through the feedback use case)', () => {
  it('an expiry notice bounces: the notice, the managers asked, the next notice without the address', async () => {
    const { ctx, mailer } = await recordingContext(testConfig({ helpdesk: 'helpdesk@helpdesk.example.org' }));
    const simulated: AppContext = {
      ...ctx,
      mailer: new MailboxSimulatorMailer(mailer, {
        from: ctx.config.mailbox,
        clock: () => new Date('2027-03-01T06:00:00Z'),
        deliver: async (event) => {
          for (const record of event.Records)
            await handleSesFeedback(
              simulated,
              notificationOf(record.Sns.Message),
              new Date('2027-03-01T06:00:05Z'),
            );
        },
      }),
    };
    const account = anAccount({
      institution: 'LIB-A',
      fullName: 'Élodie Van den Bossche-Lefèvre',
      email: 'bounce@simulator.amazonses.com',
      supervisorEmail: 'bounce+supervisor@simulator.amazonses.com',
      endDate: '2027-03-31' as CalendarDate,
    });
    await ctx.accounts.create(account, createdEvent(account));
    await runNoticeJob('expiry-notices', simulated, new Date('2027-03-01T06:00:00Z'));
    expectMails('feedback-run/expiry-bounces', mailer.take());
    await runNoticeJob('expiry-notices', simulated, new Date('2027-03-24T06:00:00Z'));
    expectMails('feedback-run/next-notice', mailer.take());
  });
});
