import * as z from 'zod/mini';
import { type SesFeedbackNotification, SesFeedbackNotificationSchema } from '../../domain/mail-feedback';
import { ValidationError } from '../../errors';

/*
 * The SNS → Lambda event (Powertools' SnsSchema, the fields we read, in zod/mini like the SES
 * inbound event): one record per delivery, the SES notification as JSON text in `Sns.Message`.
 */
export const SnsFeedbackEventSchema = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({ MessageId: z.string(), Message: z.string(), Timestamp: z.optional(z.string()) }),
      }),
    )
    .check(z.minLength(1)),
});

export type SnsFeedbackEvent = z.infer<typeof SnsFeedbackEventSchema>;

/** The SES notification an SNS record carries; ValidationError when it is not one. */
export function notificationOf(message: string): SesFeedbackNotification {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch (error) {
    throw new ValidationError('SNS message is not JSON', ['Sns.Message: not JSON'], { cause: error });
  }
  const parsed = SesFeedbackNotificationSchema.safeParse(json);
  if (!parsed.success)
    throw new ValidationError('SNS message is not an SES notification', [parsed.error.message]);
  return parsed.data;
}

/** The SNS event SES's topic delivers for one notification (the local simulator and tests build it alike). */
export function snsEventOf(notification: unknown, messageId: string, at: Date): SnsFeedbackEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: { MessageId: messageId, Message: JSON.stringify(notification), Timestamp: at.toISOString() },
      },
    ],
  };
}
