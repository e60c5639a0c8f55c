import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sendOnce } from '../../shared/app/alma/notify';
import type { AppContext } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import { sendAlertMail } from '../../shared/app/monitor/alert-delivery';
import { runStatusSummary } from '../../shared/app/monitor/weekly-summary';
import { runNoticeJob } from '../../shared/app/notices/run-notice-job';
import type { Config } from '../../shared/config/schema';
import { addDays, brusselsStartOfDay, type CalendarDate } from '../../shared/domain/calendar';
import type { AlertMail } from '../../shared/domain/monitor/alerts';
import type { ClaimStore, Mailer, OutgoingMail } from '../../shared/domain/ports';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';

/**
 * The six places that send once through `sendExactlyOnce`: for each, SES accepts the mail, then
 * marking it done fails every time (DynamoDB throttled). The claim must never be given back, the
 * log must say "sent but not marked done" (never "not sent"), and the retry must send nothing.
 */

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.inner.send(mail);
    this.sent.push(mail);
    return result;
  }
}

interface World {
  ctx: AppContext;
  mailer: RecordingMailer;
  released: string[];
  errors: string[];
}

/** A real context whose claims can be taken and released, but never completed or marked done. */
async function world(config: Config): Promise<World> {
  const base = await testContext(config);
  const released: string[] = [];
  const errors: string[] = [];
  const throttled = async () => {
    throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
      name: 'ProvisionedThroughputExceededException',
    });
  };
  const claims: ClaimStore = {
    claim: (...args) => base.claims.claim(...args),
    complete: throttled,
    completeAll: throttled,
    markDone: throttled,
    release: async (key, token) => {
      released.push(key);
      await base.claims.release(key, token);
    },
    isDone: (key) => base.claims.isDone(key),
  };
  const mailer = new RecordingMailer(base.mailer);
  const logger = base.logger;
  logger.error = ((message: string) => {
    errors.push(message);
  }) as typeof logger.error;
  return { ctx: { ...base, claims, mailer, logger }, mailer, released, errors };
}

const brussels = (day: string, minutes: number) =>
  new Date(brusselsStartOfDay(day as CalendarDate).getTime() + minutes * 60_000);
const EU02 = 'Alma EU02 - Production';
const monitored = (overrides: Record<string, unknown> = {}) =>
  testConfig({
    institutions: [
      {
        code: 'LIB-A',
        name: 'Library A',
        language: 'fr',
        managers: ['anne.dubois@lib-a.example'],
        almaEnvironment: EU02,
        almaUrl: 'http://127.0.0.1:9/lib-a/mng/login',
      },
    ],
    monitor: {
      environments: [{ name: EU02, source: { kind: 'status-page', url: 'http://127.0.0.1:9/' } }],
      ...overrides,
    },
  });

interface Site {
  name: string;
  /** Log lines' start ("<what> sent but not marked done"). */
  what: string;
  config: () => Config;
  /** Anything the site needs before it sends. */
  prepare?: (w: World) => Promise<void>;
  /** One run of the site (a failing run counts: its retry follows). */
  run: (w: World) => Promise<unknown>;
}

const SITES: Site[] = [
  {
    name: 'notice digest (expiry notices)',
    what: 'notice',
    config: () => testConfig(),
    prepare: async ({ ctx }) => {
      const a = anAccount({ endDate: '2031-03-31' as CalendarDate });
      await ctx.accounts.create(a, createdEvent(a));
    },
    run: ({ ctx }) => runNoticeJob('expiry-notices', ctx, brussels('2031-03-01', 7 * 60)),
  },
  {
    name: 'request follow-up (reminder)',
    what: 'follow-up',
    config: () => testConfig(),
    prepare: async ({ ctx }) => {
      const result = await receiveInboundMail(ctx, {
        messageId: 'ses-incomplete',
        raw: readFileSync(new URL('../fixtures/corpus/a3-en-missing-end.eml', import.meta.url)),
        receipt: null,
        now: new Date('2027-01-10T10:00:00+01:00'),
      });
      expect(result.outcome).toBe('needs-info');
    },
    run: ({ ctx }) =>
      runNoticeJob('request-follow-up', ctx, brussels(addDays('2027-01-10' as CalendarDate, 7), 8 * 60)),
  },
  {
    name: 'status alert',
    what: 'status alert',
    config: () => monitored(),
    run: ({ ctx }) => {
      const target = { id: `env:${EU02}`, kind: 'environment' as const, name: EU02 };
      const now = new Date('2027-03-10T10:00:00Z');
      const mail: AlertMail = {
        kind: 'exlibris-outage',
        audience: 'alerts',
        intents: [
          {
            key: `alert#${target.id}#outage#2027-03-10T10:00:00.000Z`,
            kind: 'exlibris-outage',
            audience: 'alerts',
            target,
            severity: 'down',
            episodeStart: now.toISOString(),
            observation: { target, readings: [], verdict: 'down', inMaintenance: false, maintenance: [] },
          },
        ],
      };
      return sendAlertMail(ctx, mail, now);
    },
  },
  {
    name: 'weekly summary',
    what: 'status summary',
    config: () => monitored({ weeklySummary: true }),
    run: ({ ctx }) => runStatusSummary(ctx, new Date('2027-03-15T07:00:00Z')),
  },
  {
    name: 'Ex Libris maintenance notice (the inbound run dies before it records who was told)',
    what: 'maintenance notice',
    config: () => monitored(),
    prepare: async ({ ctx }) => {
      // The first run dies after telling the managers, before writing that it did; Lambda retries it.
      const putWindow = ctx.monitor.putWindow.bind(ctx.monitor);
      let dies = true;
      ctx.monitor = Object.assign(Object.create(ctx.monitor), {
        putWindow: async (...args: Parameters<typeof putWindow>) => {
          if (args[0].told.length && dies) {
            dies = false;
            throw new Error('Task timed out');
          }
          return putWindow(...args);
        },
      });
    },
    run: ({ ctx }) =>
      receiveInboundMail(ctx, {
        messageId: 'ses-exl-planned',
        raw: readFileSync('events/exlibris-mail/planned.eml'),
        receipt: null,
        now: new Date('2027-03-10T14:06:00Z'),
      }),
  },
  {
    name: 'Alma message',
    what: 'alma message',
    config: () => testConfig(),
    run: ({ ctx }) =>
      sendOnce(
        ctx,
        'alma-quota#LIB-A#2027-03-10',
        ['ops@helpdesk.example.org'],
        { subject: 'Alma: quota low', text: 'The daily quota is low.' },
        new Date(),
      ),
  },
];

describe('exactly once at every sending site: marking done fails after SES accepted the mail', () => {
  it.each(SITES)(
    '$name: sent once, never released, logged as sent but not marked; the retry sends nothing',
    async (site) => {
      // Prepare
      const w = await world(site.config());
      await site.prepare?.(w);
      // Act: the run, then the scheduler's (or Lambda's) retry.
      await site.run(w).catch(() => undefined);
      const afterFirst = w.mailer.sent.length;
      await site.run(w).catch(() => undefined);
      // Assess
      expect(afterFirst).toBeGreaterThan(0);
      expect(w.mailer.sent).toHaveLength(afterFirst);
      expect(w.released).toEqual([]);
      expect(w.errors.some((m) => m.startsWith(`${site.what} sent but not marked done`))).toBe(true);
      expect(w.errors.filter((m) => m.includes('not sent'))).toEqual([]);
    },
    60_000,
  );
});
