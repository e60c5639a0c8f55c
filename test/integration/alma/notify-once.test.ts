import { describe, expect, it } from 'vitest';
import { sendOnce } from '../../../shared/app/alma/notify';
import type { AppContext } from '../../../shared/app/context';
import { testConfig, testContext } from '../../support/context';
import { sesStore } from '../../support/services';

/** The Alma follow-up mails: once per key, even when marking the claim done fails after SES accepted the mail. */
describe('sendOnce (Alma messages)', () => {
  it('never gives the claim back once SES accepted the mail: the retry sends nothing again', async () => {
    // Prepare: a store whose completion fails (DynamoDB throttled at that moment), then recovers.
    const base = await testContext(testConfig());
    let failCompletion = true;
    const claims = new Proxy(base.claims, {
      get(target, name, receiver) {
        if (name === 'completeAll' && failCompletion)
          return async () => {
            throw new Error('ProvisionedThroughputExceededException');
          };
        const value = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const ctx: AppContext = { ...base, claims };
    const to = [`ops-${Date.now()}@helpdesk.example.org`];
    const message = { subject: 'Alma: quota low', text: 'The daily quota is low.' };
    const now = new Date();
    // Act: the first attempt sends, its completion fails; the retry comes after the store recovered.
    expect(await sendOnce(ctx, `alma-quota#LIB-A#${to[0]}`, to, message, now)).toBe(true);
    failCompletion = false;
    expect(await sendOnce(ctx, `alma-quota#LIB-A#${to[0]}`, to, message, now)).toBe(false);
    // Assess: one mail went out.
    const sent = (await sesStore()).filter((m) => m.destination.to.includes(to[0]!));
    expect(sent).toHaveLength(1);
  });
});
