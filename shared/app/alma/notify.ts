import type { AlmaMessage } from '../../domain/alma/helpdesk-mails';
import { almaQuotaMessage } from '../../domain/alma/helpdesk-mails';
import { brusselsDate } from '../../domain/calendar';
import { generatedHeaders } from '../../domain/mail';
import { pseudonym } from '../../logging';
import { countCaughtFailure } from '../../metrics';
import { sendExactlyOnce } from '../claimed-sends';
import type { AppContext } from '../context';
import { CLAIM_TTL_DAYS } from '../notices/delivery';
import { institutionOf } from '../notices/recipients';

/**
 * Sends one message at most once per key (claim, send, mark done; the claim is given back only
 * when the send itself fails, so a retry may send it — never after SES accepted it). Never
 * throws: the Alma effect it reports is already done.
 */
export async function sendOnce(
  ctx: AppContext,
  key: string,
  to: string[],
  message: AlmaMessage,
  now: Date,
): Promise<boolean> {
  if (!to.length) return false;
  const logKey = key.split('#').slice(0, 2).join('#');
  try {
    const result = await sendExactlyOnce(ctx, {
      what: 'alma message',
      log: { key: logKey },
      claims: {
        key,
        details: { kind: 'alma' },
        options: { now: new Date(Math.max(now.getTime(), Date.now())), ttlDays: CLAIM_TTL_DAYS },
      },
      mail: { to, subject: message.subject, text: message.text, headers: generatedHeaders('alma') },
    });
    return result.outcome === 'sent';
  } catch (error) {
    countCaughtFailure('MailNotSent');
    ctx.logger.error('alma message not sent', {
      key: logKey,
      recipients: to.map((r) => pseudonym(r)),
      error: (error as Error).message,
    });
    return false;
  }
}

/**
 * The daily quota (X-Exl-Api-Remaining) fell below the floor: the operators are told, once per
 * institution per Brussels day.
 */
export async function noteAlmaQuota(
  ctx: AppContext,
  institution: string,
  remaining: number | null,
  now: Date,
): Promise<boolean> {
  const floor = ctx.config.alma.quotaFloor;
  if (remaining === null || remaining >= floor) return false;
  ctx.logger.warn('alma quota low', { institution, remaining, floor });
  const message = almaQuotaMessage(ctx.config.alerts.language, {
    institutionName: institutionOf(ctx.config, institution).name,
    remaining,
    floor,
  });
  return sendOnce(
    ctx,
    `alma-quota#${institution}#${brusselsDate(now)}`,
    ctx.config.alerts.operators,
    message,
    now,
  );
}
