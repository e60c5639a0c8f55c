import type { AlmaMessage } from '../../domain/alma/messages';
import { almaQuotaMessage } from '../../domain/alma/messages';
import { brusselsDate } from '../../domain/calendar';
import { generatedHeaders } from '../../domain/mail';
import { pseudonym } from '../../logging';
import { countCaughtFailure } from '../../metrics';
import { completeSentClaims, releaseUnsentClaims } from '../claimed-sends';
import type { AppContext } from '../context';
import { CLAIM_TTL_DAYS } from '../notices/delivery';
import { institutionOf } from '../notices/recipients';

/**
 * Sends one message at most once per key (claim, send, complete; released only when the send
 * itself fails, so a retry may send it — never after SES accepted it). Never throws: the Alma
 * effect it reports is already done.
 */
export async function sendOnce(
  ctx: AppContext,
  key: string,
  to: string[],
  message: AlmaMessage,
  now: Date,
): Promise<boolean> {
  if (!to.length) return false;
  try {
    const token = await ctx.claims.claim(
      key,
      { kind: 'alma' },
      { now: new Date(Math.max(now.getTime(), Date.now())), ttlDays: CLAIM_TTL_DAYS },
    );
    if (!token) return false;
    let messageId: string | undefined;
    try {
      ({ messageId } = await ctx.mailer.send({
        to,
        subject: message.subject,
        text: message.text,
        headers: generatedHeaders('alma'),
      }));
    } catch (error) {
      // Not sent: the claim is given back, so a retry may send it.
      await releaseUnsentClaims(ctx.claims, [{ key, token }]);
      throw error;
    }
    try {
      await completeSentClaims(ctx.claims, [{ key, token }], { messageId });
    } catch (error) {
      // Sent: the claim is never given back (a retry would send it again); it stays held until its lease ends.
      ctx.logger.error('alma message sent, its claim not marked done', {
        key: key.split('#').slice(0, 2).join('#'),
        error: (error as Error).message,
      });
    }
    return true;
  } catch (error) {
    countCaughtFailure('MailNotSent');
    ctx.logger.error('alma message not sent', {
      key: key.split('#').slice(0, 2).join('#'),
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
