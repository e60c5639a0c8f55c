import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { sendOnce } from '../../../shared/app/alma/notify';
import type { AppContext } from '../../../shared/app/context';
import { CAUGHT_FAILURES, createMetrics } from '../../../shared/metrics';

/**
 * Issue "no failure silent": a failure the code catches and only logs (the approval's follow-up
 * mail refused by SES) is counted in the function's metrics, which the stack alarms on.
 */
describe('caught failures', () => {
  it('counts a follow-up mail SES refused as MailNotSent in the function metrics', async () => {
    const metrics = createMetrics('decision-page');
    const added = vi.spyOn(metrics, 'addMetric');
    const ctx = {
      claims: { claim: async () => 'token', release: async () => undefined },
      mailer: {
        send: async () => {
          throw Object.assign(new Error('not authorized to perform ses:SendRawEmail'), {
            name: 'AccessDeniedException',
          });
        },
      },
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    } as unknown as AppContext;

    const sent = await sendOnce(
      ctx,
      'alma#created#A1',
      ['helpdesk@helpdesk.example.org'],
      { subject: 's', text: 't' } as never,
      new Date(),
    );

    expect(sent).toBe(false);
    expect(added).toHaveBeenCalledWith('MailNotSent', 'Count', 1);
    expect(Object.keys(CAUGHT_FAILURES)).toContain('MailNotSent');
  });
});
