import { signLink } from '../../domain/notices/token';
import { RATING_CHOICES, type RatingLinks, ratingLinkExpiry, ratingMonth } from '../../domain/rating';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';

/** The rating page's address for a token (`/rate` on the web function). */
export function ratingUrl(decisionBaseUrl: string, token: string): string {
  return `${decisionBaseUrl.replace(/\/+$/, '')}/rate?t=${token}`;
}

/**
 * The three signed links of an answer that ends a request (issue 29), bound to the request, the
 * answer's addressee and the choice, and to the month of the answer (the month it is counted
 * in). Signed when the plan is decided, so a retry of the plan mails the same links.
 */
export async function ratingLinks(
  ctx: Pick<AppContext, 'config' | 'secrets'>,
  input: { reference: string; requester: string; now: Date },
): Promise<RatingLinks> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const common = {
    purpose: 'rating' as const,
    reference: input.reference,
    requester: input.requester.toLowerCase(),
    month: ratingMonth(input.now),
    expiresAt: ratingLinkExpiry(input.now),
  };
  const [good, neutral, bad] = await Promise.all(
    RATING_CHOICES.map(async (choice) =>
      ratingUrl(ctx.config.decisionBaseUrl, await signLink({ ...common, choice }, key)),
    ),
  );
  return { good: good!, neutral: neutral!, bad: bad! };
}
