import { receivesNotices } from '../../domain/mail-feedback';
import type { AddressedNotice } from '../../domain/notices/digest';
import type { AppContext } from '../context';

/**
 * The plan's recipients less the addresses SES told us bounce for good or complained (issue 31):
 * decided when the job plans, so the claim → send → mark sequence never sees them. A notice
 * whose direct recipients are all gone goes to its copies instead; one left with nobody is dropped.
 */
export async function reachableNotices<N extends AddressedNotice>(
  ctx: Pick<AppContext, 'feedback'>,
  notices: N[],
): Promise<N[]> {
  if (!notices.length) return notices;
  const standings = await ctx.feedback.getMany(notices.flatMap((n) => [...n.to, ...n.cc]));
  if (!standings.size) return notices;
  const keep = (list: string[]) => list.filter((a) => receivesNotices(standings.get(a.toLowerCase())));
  const planned: N[] = [];
  for (const notice of notices) {
    const to = keep(notice.to);
    const cc = keep(notice.cc);
    if (to.length) planned.push({ ...notice, to, cc });
    else if (cc.length) planned.push({ ...notice, to: cc, cc: [] });
  }
  return planned;
}
