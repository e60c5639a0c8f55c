import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { signLink, verifyLink } from '../../../shared/domain/notices/token';
import { mayActFor, portalUserOf, returnPath, secureCookie } from '../../../shared/domain/portal/access';
import { accountListKeys, emailKey, nameKey } from '../../../shared/domain/portal/list-keys';
import {
  accountListPlan,
  accountListQuerySchema,
  requestListPlan,
  requestListQuerySchema,
} from '../../../shared/domain/portal/lists';
import { anAccount } from '../../support/accounts';
import { testConfig } from '../../support/context';

const config = testConfig({ portal: { helpdeskStaff: ['Staff@Helpdesk.example.org'] } });
const partitions = { open: 'INST#LIB-A#open', closed: 'INST#LIB-A#closed' };
const keys = { name: nameKey, email: emailKey };
const today = '2027-03-01' as CalendarDate;
const plan = (query: Record<string, string>) =>
  accountListPlan(partitions, accountListQuerySchema.parse(query), today, keys);

describe('who may sign in to the portal', () => {
  it('knows the managers (their institution and language) and the helpdesk staff, whatever the case', () => {
    expect(portalUserOf(config, ' Anne.Dubois@lib-a.example ')).toEqual({
      role: 'manager',
      email: 'anne.dubois@lib-a.example',
      institution: 'LIB-A',
      language: 'fr',
    });
    expect(portalUserOf(config, 'staff@helpdesk.example.org')).toMatchObject({ role: 'helpdesk' });
    expect(portalUserOf(config, 'someone@lib-a.example')).toBeUndefined();
    expect(portalUserOf(config, '')).toBeUndefined();
  });

  it('lets a manager act for their own institution only, the helpdesk for every one', () => {
    const anne = portalUserOf(config, 'anne.dubois@lib-a.example')!;
    expect(mayActFor(anne, 'LIB-A')).toBe(true);
    expect(mayActFor(anne, 'LIB-B')).toBe(false);
    expect(mayActFor(portalUserOf(config, 'staff@helpdesk.example.org')!, 'LIB-B')).toBe(true);
  });

  it('marks the cookie Secure everywhere but on loopback', () => {
    expect(secureCookie('http://127.0.0.1:8788')).toBe(false);
    expect(secureCookie('http://localhost:8788')).toBe(false);
    expect(secureCookie('https://abc.lambda-url.eu-west-1.on.aws/')).toBe(true);
  });

  it('signs a sign-in link that verifies as one, and nothing else', async () => {
    const token = await signLink(
      { purpose: 'sign-in', nonce: 'n'.repeat(32), expiresAt: 2_000_000_000 },
      'key',
    );
    expect(await verifyLink(token, 'key', new Date('2027-01-01'))).toEqual({
      ok: true,
      claims: { purpose: 'sign-in', nonce: 'n'.repeat(32), expiresAt: 2_000_000_000 },
    });
    expect((await verifyLink(token, 'other', new Date('2027-01-01'))).ok).toBe(false);
  });
});

describe('the portal lists as Queries', () => {
  it('sorts by the index of the column, both ways; status and Alma state are not sortable', () => {
    expect(plan({ sort: 'email', dir: 'desc' })).toMatchObject({
      index: 'GSI6',
      forward: false,
      sort: 'email',
    });
    expect(plan({ sort: 'end' })).toMatchObject({ index: 'GSI7', forward: true, partition: partitions.open });
    expect(plan({ sort: 'status', dir: 'sideways' })).toMatchObject({
      index: 'GSI5',
      forward: true,
      sort: 'name',
    });
  });

  it('makes each filter and the search a key range', () => {
    expect(plan({ filter: 'ending' })).toMatchObject({
      index: 'GSI7',
      range: { between: ['2027-03-01', '2027-03-31!~'] },
    });
    expect(plan({ filter: 'volunteers' })).toMatchObject({
      index: 'GSI8',
      range: { beginsWith: 'volunteer!' },
    });
    expect(plan({ filter: 'closed', sort: 'name' })).toMatchObject({ partition: partitions.closed });
    expect(plan({ q: 'Zoé  Bénévole' })).toMatchObject({
      index: 'GSI5',
      range: { beginsWith: 'zoe-benevole' },
    });
    expect(plan({ q: 'Zoe@Lib' })).toMatchObject({ index: 'GSI6', range: { beginsWith: 'zoe@lib' } });
  });

  it('lists requests newest first by default, mine by sender', () => {
    const parts = { institution: 'REQ#LIB-A', sender: 'REQBY#anne@lib-a.example' };
    expect(requestListPlan(parts, requestListQuerySchema.parse({}))).toMatchObject({
      index: 'GSI5',
      forward: false,
    });
    expect(
      requestListPlan(parts, requestListQuerySchema.parse({ sort: 'changed', dir: 'asc' })),
    ).toMatchObject({
      index: 'GSI7',
      forward: true,
    });
    expect(requestListPlan(parts, requestListQuerySchema.parse({ mine: '1' }))).toMatchObject({
      index: 'GSI6',
      partition: parts.sender,
    });
  });

  it('sorts a name before its longer forms, and closed accounts apart', () => {
    const ann = accountListKeys(anAccount({ fullName: 'Ann', id: 'ACC-2' }));
    const annMarie = accountListKeys(anAccount({ fullName: 'Ann Marie', id: 'ACC-1' }));
    expect(ann.GSI5SK! < annMarie.GSI5SK!).toBe(true);
    expect(accountListKeys(anAccount({ status: 'closed' })).GSI5PK).toBe('INST#LIB-A#closed');
    expect(accountListKeys(anAccount({ endDate: null })).GSI7SK).toMatch(/^9999-12-31!/);
  });
});

describe('where signing in returns to', () => {
  it('is a page of this site: the portal or a reveal link, as given', () => {
    expect(returnPath('/reveal?t=abc.def-ghi_jkl')).toBe('/reveal?t=abc.def-ghi_jkl');
    expect(returnPath('/portal/accounts/ACC-1?lang=fr')).toBe('/portal/accounts/ACC-1?lang=fr');
    expect(returnPath('/portal')).toBe('/portal');
  });
  it('is nothing for another site, a scheme, a path trick or another page', () => {
    for (const next of [
      undefined,
      null,
      '',
      'https://evil.example/portal',
      '//evil.example/portal',
      '/\\evil.example/portal',
      '/portal/../admin',
      '/portal/..%2f..%2fx',
      'javascript:alert(1)',
      '/reveal',
      '/review?t=x',
      '/portalx',
      '/portal//evil.example',
      ' /portal',
      `/portal/${'a'.repeat(2001)}`,
    ])
      expect(returnPath(next), String(next)).toBeUndefined();
  });
});
