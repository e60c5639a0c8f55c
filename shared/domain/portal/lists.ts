import * as z from 'zod/mini';
import { addDays, type CalendarDate } from '../calendar';

/*
 * The portal's lists as Queries (README "Portal"): which index, which partition, which range,
 * which direction. Pure: the query string is validated here, the store runs the plan.
 */

export const ACCOUNT_SORTS = ['name', 'email', 'type', 'end'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export const ACCOUNT_FILTERS = ['all', 'ending', 'volunteers', 'closed'] as const;
export type AccountFilter = (typeof ACCOUNT_FILTERS)[number];
export const REQUEST_SORTS = ['received', 'changed'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
export const PAGE_SIZE = 25;
/** Accounts ending within this many days (the filter "ending soon"). */
export const ENDING_WITHIN_DAYS = 30;

const cursor = z.optional(z.string().check(z.maxLength(2000), z.regex(/^[A-Za-z0-9_-]+$/)));
const dir = z._default(z.catch(z.enum(['asc', 'desc']), 'asc'), 'asc');

export const accountListQuerySchema = z.object({
  sort: z._default(z.catch(z.enum(ACCOUNT_SORTS), 'name'), 'name'),
  dir,
  filter: z._default(z.catch(z.enum(ACCOUNT_FILTERS), 'all'), 'all'),
  q: z._default(z.catch(z.string().check(z.maxLength(100)), ''), ''),
  after: z.catch(cursor, undefined),
});
export type AccountListQuery = z.infer<typeof accountListQuerySchema>;

export const requestListQuerySchema = z.object({
  sort: z._default(z.catch(z.enum(REQUEST_SORTS), 'received'), 'received'),
  dir: z._default(z.catch(z.enum(['asc', 'desc']), 'desc'), 'desc'),
  mine: z._default(z.catch(z.enum(['0', '1']), '0'), '0'),
  after: z.catch(cursor, undefined),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

export type IndexName = 'GSI5' | 'GSI6' | 'GSI7' | 'GSI8' | 'GSI9';

/** One Query: the partition, an optional range on the sort key, the direction. */
export interface ListPlan {
  index: IndexName;
  partition: string;
  range?: { beginsWith: string } | { between: [string, string] };
  forward: boolean;
}

const SORT_INDEX: Record<AccountSort, IndexName> = { name: 'GSI5', email: 'GSI6', end: 'GSI7', type: 'GSI8' };

/**
 * The Query of an accounts page. A search reads the name index from the typed prefix (an '@' in
 * it: the address index); "ending soon" is a range of the end-date index; "volunteers" a range of
 * the type index; "closed" the institution's closed partition. Each shown in the order it is read.
 */
export function accountListPlan(
  partitions: { open: string; closed: string },
  query: AccountListQuery,
  today: CalendarDate,
  keys: { name: (text: string) => string; email: (text: string) => string },
): ListPlan & { sort: AccountSort } {
  const forward = query.dir === 'asc';
  const partition = query.filter === 'closed' ? partitions.closed : partitions.open;
  const term = query.q.trim();
  if (term) {
    const byEmail = term.includes('@');
    const prefix = byEmail ? keys.email(term) : keys.name(term);
    return {
      index: byEmail ? 'GSI6' : 'GSI5',
      partition,
      range: { beginsWith: prefix },
      forward,
      sort: byEmail ? 'email' : 'name',
    };
  }
  if (query.filter === 'ending')
    return {
      index: 'GSI7',
      partition,
      range: { between: [today, `${addDays(today, ENDING_WITHIN_DAYS)}!~`] },
      forward,
      sort: 'end',
    };
  if (query.filter === 'volunteers')
    return { index: 'GSI8', partition, range: { beginsWith: 'volunteer!' }, forward, sort: 'type' };
  return { index: SORT_INDEX[query.sort], partition, forward, sort: query.sort };
}

/** The Query of a requests page: the institution's (by date received or last change), or one sender's. */
export function requestListPlan(
  partitions: { institution: string; sender: string },
  query: RequestListQuery,
): ListPlan & { sort: RequestSort } {
  const forward = query.dir === 'asc';
  if (query.mine === '1') return { index: 'GSI6', partition: partitions.sender, forward, sort: 'received' };
  return {
    index: query.sort === 'changed' ? 'GSI7' : 'GSI5',
    partition: partitions.institution,
    forward,
    sort: query.sort,
  };
}
