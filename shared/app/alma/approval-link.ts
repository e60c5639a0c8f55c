import { signLink } from '../../domain/notices/token';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { decisionUrl } from '../notices/recipients';

/** Approval links stay valid a month; `alma-accounts alma push` does the same after that. */
export const APPROVAL_LINK_DAYS = 30;

/**
 * The signed approval link for the helpdesk: a page showing the exact record to create, or the
 * user Alma already has and what linking it would change; one click decides.
 */
export async function almaApprovalLink(
  ctx: Pick<AppContext, 'config' | 'secrets'>,
  accountId: string,
  now: Date,
): Promise<string> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + APPROVAL_LINK_DAYS * 86_400;
  return decisionUrl(ctx.config, await signLink({ purpose: 'provision', accountId, expiresAt }, key));
}
