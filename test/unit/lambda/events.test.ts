import { readFileSync } from 'node:fs';
import { parse } from '@aws-lambda-powertools/parser';
import { SesSchema } from '@aws-lambda-powertools/parser/schemas/ses';
import { describe, expect, it } from 'vitest';
import { handler as inboundHandler, receiptVerdicts } from '../../../functions/inbound-mail/handler';
import { noticesHandler } from '../../../functions/notices/handler';
import { eventValidationError } from '../../../shared/app/lambda-events';
import { SesInboundEventSchema } from '../../../shared/app/ses-event';
import { ValidationError } from '../../../shared/errors';
import { noticeJobEventSchema, statusCheckEventSchema } from '../../../shared/schedules';
import { lambdaInvocation } from '../../support/lambda';

const event = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** AWS's sample Lambda-action event (SES developer guide, "Sample incoming email event"). */
const AWS_SAMPLE = 'events/ses/aws-sample-lambda-action.json';

/** What a schema finds wrong with an event, as the handlers report it (`path: message`). */
function problems(value: unknown, schema: Parameters<typeof parse>[2]): string[] {
  try {
    parse(value, undefined, schema);
    return [];
  } catch (error) {
    return eventValidationError('event', error as never).problems;
  }
}

describe('the SES receipt event', () => {
  it("accepts AWS's own sample event, which Powertools' SesSchema refuses for its missing dmarcPolicy", () => {
    const sample = event(AWS_SAMPLE);
    expect(problems(sample, SesSchema)).toEqual([
      expect.stringMatching(/^Records\.0\.ses\.receipt\.dmarcPolicy: /),
    ]);

    const parsed = parse(sample, undefined, SesInboundEventSchema);

    expect(parsed.Records[0]!.ses.mail.messageId).toBe(
      'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
    );
    expect(receiptVerdicts(parsed.Records[0]!.ses.receipt)).toEqual({
      spam: 'PASS',
      virus: 'PASS',
      spf: 'PASS',
      dkim: 'PASS',
      dmarc: 'GRAY',
    });
  });

  it('accepts our recorded event, a DMARC failure with its policy, and a mail without Subject or Message-ID', () => {
    expect(() => parse(event('events/ses/inbound-a2.json'), undefined, SesInboundEventSchema)).not.toThrow();
    const failed = event(AWS_SAMPLE);
    failed.Records[0].ses.receipt.dmarcVerdict.status = 'FAIL';
    failed.Records[0].ses.receipt.dmarcPolicy = 'reject';
    expect(parse(failed, undefined, SesInboundEventSchema).Records[0]!.ses.receipt.dmarcPolicy).toBe(
      'reject',
    );
    const bare = event(AWS_SAMPLE);
    delete bare.Records[0].ses.mail.commonHeaders.subject;
    delete bare.Records[0].ses.mail.commonHeaders.messageId;
    expect(() => parse(bare, undefined, SesInboundEventSchema)).not.toThrow();
    failed.Records[0].ses.receipt.dmarcPolicy = 'REJECT';
    expect(problems(failed, SesInboundEventSchema)).toEqual([
      expect.stringMatching(/^Records\.0\.ses\.receipt\.dmarcPolicy: /),
    ]);
  });

  it("reads an event as Powertools' SesSchema does, and refuses what it refuses but for the loosened fields", () => {
    for (const file of [AWS_SAMPLE, 'events/ses/inbound-a2.json']) {
      const withPolicy = event(file);
      withPolicy.Records[0].ses.receipt.dmarcPolicy = 'none';
      expect(parse(withPolicy, undefined, SesInboundEventSchema)).toEqual(
        parse(withPolicy, undefined, SesSchema),
      );
    }
    // biome-ignore lint/suspicious/noExplicitAny: each breakage reaches into the raw JSON of the sample
    const breakages: ((e: { Records: Record<string, any>[] }) => void)[] = [
      (e) => delete e.Records[0]!.ses.mail.messageId,
      (e) => (e.Records[0]!.ses.receipt.spamVerdict.status = 'MAYBE'),
      (e) => (e.Records[0]!.ses.receipt.action.type = 'S3'),
      (e) => (e.Records[0]!.ses.receipt.action.invocationType = 'RequestResponse'),
      (e) => (e.Records[0]!.ses.receipt.processingTimeMillis = -1),
      (e) => (e.Records[0]!.ses.mail.timestamp = 'yesterday'),
      (e) => (e.Records[0]!.eventSource = 'aws:sns'),
      (e) => (e.Records[0]!.ses.mail.headers = [{ name: 'From' }]),
      (e) => (e.Records = []),
    ];
    for (const breakage of breakages) {
      const broken = event(AWS_SAMPLE);
      broken.Records[0].ses.receipt.dmarcPolicy = 'none';
      breakage(broken);
      expect(problems(broken, SesSchema), String(breakage)).not.toEqual([]);
      expect(problems(broken, SesInboundEventSchema), String(breakage)).not.toEqual([]);
    }
  });

  it('refuses what is not an SES receipt event before any work, listing every problem as path: message', async () => {
    const broken = event(AWS_SAMPLE);
    delete broken.Records[0].ses.mail.messageId;
    broken.Records[0].ses.receipt.spamVerdict.status = 'MAYBE';
    // No environment at all: the context would fail to build if the handler got that far.
    const error = await inboundHandler(broken, lambdaInvocation('inbound-mail')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.stringMatching(/^Records\.0\.ses\.mail\.messageId: /),
      expect.stringMatching(/^Records\.0\.ses\.receipt\.spamVerdict\.status: /),
    ]);
    expect((error as Error).message).toMatch(/^not an SES receipt event: Records\.0\.ses\.mail\.messageId: /);
    const notAnEvent = await inboundHandler(JSON.parse('"hello"'), lambdaInvocation('inbound-mail')).catch(
      (e: unknown) => e,
    );
    expect((notAnEvent as ValidationError).problems).toEqual([expect.stringMatching(/^\(root\): /)]);
  });
});

describe('the Scheduler job events', () => {
  it('accepts every recorded schedule payload with its function’s schema', () => {
    for (const job of [
      'expiry-notices',
      'yearly-review',
      'password-rotation',
      'deactivation-list',
      'request-follow-up',
    ]) {
      expect(parse(event(`events/scheduler/${job}.json`), undefined, noticeJobEventSchema)).toMatchObject({
        job,
      });
    }
    expect(parse({ job: 'account-purge' }, undefined, noticeJobEventSchema)).toEqual({
      job: 'account-purge',
    });
    expect(
      parse(event('events/scheduler/status-check.json'), undefined, statusCheckEventSchema),
    ).toMatchObject({
      job: 'status-check',
    });
  });

  it('refuses a bad notice job event with each problem named, and runs nothing', async () => {
    const handler = noticesHandler(() => Promise.reject(new Error('the context must not be built')));
    const bad = JSON.parse('{"job":"status-check","scheduledTime":"tomorrow"}');
    const error = await handler(bad, lambdaInvocation('notices')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      expect.stringMatching(/^job: /),
      expect.stringMatching(/^scheduledTime: /),
    ]);
  });
});
