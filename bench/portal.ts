import { Logger } from '@aws-lambda-powertools/logger';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { accountToItem } from '../shared/adapters/dynamodb/account-store';
import { requestItem } from '../shared/adapters/dynamodb/request-store';
import { writeAll } from '../shared/adapters/dynamodb/write-all';
import { appContext } from '../shared/app/context';
import { accountsPage } from '../shared/app/portal/account-pages';
import { requestsPage } from '../shared/app/portal/request-pages';
import { parseConfig } from '../shared/config/load';
import type { Account, EmployeeType } from '../shared/domain/account';
import { addDays, type CalendarDate } from '../shared/domain/calendar';
import type { PortalUser } from '../shared/domain/portal/access';
import { PAGE_SIZE } from '../shared/domain/portal/lists';
import type { AccountRequest } from '../shared/domain/requests';
import { createWebApp } from '../shared/web/web-app';
import { anAccount } from '../test/support/accounts';
import { percentile } from './stats';

/*
 * Issue 29: the portal's accounts and requests pages of one institution (5,000 of its own among
 * 100,000 in the table, 20 institutions): p95 ≤ 150 ms through the whole web app (session check,
 * Query, page), items read per page ≤ page size + 1, in every order and filter.
 */

const INSTITUTIONS = 20;
const RUNS = 40;
const TODAY = '2027-03-01' as CalendarDate;
const EMPLOYMENT: EmployeeType[] = ['permanent', 'temporary', 'student', 'intern', 'volunteer'];

function benchAccount(i: number): Account {
  // Every institution gets every kind: the index within the institution picks it.
  const employeeType = EMPLOYMENT[Math.floor(i / INSTITUTIONS) % EMPLOYMENT.length]!;
  return anAccount({
    institution: `LIB-${i % INSTITUTIONS}`,
    employeeType,
    fullName: `Person ${(i * 7919) % 100_003} Bench`,
    email: `bench${i}@lib${i % INSTITUTIONS}.example`,
    supervisorEmail: 'boss@lib.example',
    missionEndDate: null,
    endDate: employeeType === 'permanent' ? null : addDays(TODAY, (i * 13) % 400),
    status: i % 17 === 0 ? 'closed' : 'active',
  });
}

function benchRequest(i: number): AccountRequest {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    reference: `REQ-2026-${String(i)
      .padStart(8, '0')
      .replace(/[ILOU]/g, '0')}`,
    status: (['pending', 'accepted', 'rejected', 'abandoned'] as const)[i % 4]!,
    kind: 'renewal',
    institution: `LIB-${i % INSTITUTIONS}`,
    sender: `manager${i % INSTITUTIONS}-${i % 3}@lib.example`,
    language: 'fr',
    fields: { email: `bench${i}@lib.example` },
    messageIds: [`m${i}`],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export async function benchPortal(total = 100_000): Promise<Record<string, unknown>> {
  const dynamo = await startDynamoDbLocal();
  const tableName = 'bench-portal';
  const db = await localTable(dynamo.endpoint, tableName);
  try {
    const loadStart = performance.now();
    const items = [
      ...Array.from({ length: total }, (_, i) => accountToItem(benchAccount(i))),
      ...Array.from({ length: total }, (_, i) => requestItem(benchRequest(i))),
    ];
    await writeAll(
      db,
      tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
      { inFlight: 8 },
    );
    const loadMs = performance.now() - loadStart;
    const config = parseConfig(
      JSON.stringify({
        mailbox: 'accounts@helpdesk.example.org',
        helpdesk: 'helpdesk@helpdesk.example.org',
        decisionBaseUrl: 'http://127.0.0.1:8788',
        institutions: Array.from({ length: INSTITUTIONS }, (_, i) => ({
          code: `LIB-${i}`,
          name: `Library ${i}`,
          language: 'fr',
          managers: [`manager${i}-0@lib.example`],
        })),
      }),
    );
    const ctx = appContext({
      config,
      db,
      tableName,
      mailer: { send: async () => ({ messageId: 'none' }) },
      secrets: { get: async () => 'bench-key' },
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    });
    const user: PortalUser = {
      role: 'manager',
      email: 'manager0-0@lib.example',
      institution: 'LIB-0',
      language: 'fr',
    };
    const now = new Date(`${TODAY}T09:00:00Z`);
    const sessionId = 'bench-session-0123456789abcdef';
    await ctx.portal.putSession(sessionId, {
      email: user.email,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + 3600,
    });
    const app = createWebApp(ctx, { now: () => now });
    const view = { user, language: 'fr' as const, here: '/portal/accounts', now };
    // The first page, then the second (by its key), of every order and filter.
    const accountQueries: Record<string, Record<string, string>> = {
      'name asc': { sort: 'name', dir: 'asc' },
      'name desc': { sort: 'name', dir: 'desc' },
      'address asc': { sort: 'email', dir: 'asc' },
      'type desc': { sort: 'type', dir: 'desc' },
      'end date asc': { sort: 'end', dir: 'asc' },
      'ending within 30 days': { filter: 'ending' },
      volunteers: { filter: 'volunteers' },
      closed: { filter: 'closed' },
      'search name': { q: 'person 1' },
    };
    const requestQueries: Record<string, Record<string, string>> = {
      'received desc': {},
      'received asc': { dir: 'asc' },
      'last change desc': { sort: 'changed' },
      mine: { mine: '1' },
    };
    const measure = async (
      path: string,
      queries: Record<string, Record<string, string>>,
      page: typeof accountsPage,
    ) => {
      const out: Record<string, unknown> = {};
      for (const [name, query] of Object.entries(queries)) {
        const first = await page(ctx, view, query);
        const next = /href="[^"]*after=([\w-]+)[^"]*" rel="next"/.exec(first.body)?.[1];
        const second = next ? await page(ctx, view, { ...query, after: next }) : undefined;
        const times: number[] = [];
        // Five warm-up requests (JIT, connections), then the measured ones.
        for (let run = -5; run < RUNS; run++) {
          const params = new URLSearchParams(run % 2 && next ? { ...query, after: next } : query);
          const start = performance.now();
          const response = await app.fetch(
            new Request(`http://127.0.0.1:8788${path}?${params}`, {
              headers: { cookie: `portal_session=${sessionId}` },
            }),
          );
          await response.text();
          if (run >= 0) times.push(performance.now() - start);
          if (response.status !== 200) throw new Error(`${path} ${name}: ${response.status}`);
        }
        out[name] = {
          rows: (first.body.match(/<tr><td>/g) ?? []).length,
          itemsReadFirstPage: first.itemsRead,
          itemsReadSecondPage: second?.itemsRead ?? null,
          p50Ms: Number(percentile(times, 50).toFixed(1)),
          p95Ms: Number(percentile(times, 95).toFixed(1)),
        };
      }
      return out;
    };
    const accounts = await measure('/portal/accounts', accountQueries, accountsPage);
    const requests = await measure('/portal/requests', requestQueries, requestsPage);
    const all = [...Object.values(accounts), ...Object.values(requests)] as {
      itemsReadFirstPage: number;
      itemsReadSecondPage: number | null;
      p95Ms: number;
    }[];
    const maxItemsRead = Math.max(...all.flatMap((r) => [r.itemsReadFirstPage, r.itemsReadSecondPage ?? 0]));
    const worstP95Ms = Math.max(...all.map((r) => r.p95Ms));
    return {
      accountsInTable: total,
      accountsInInstitution: total / INSTITUTIONS,
      requestsInTable: total,
      requestsInInstitution: total / INSTITUTIONS,
      pageSize: PAGE_SIZE,
      runsPerPage: RUNS,
      accounts,
      requests,
      maxItemsRead,
      worstP95Ms,
      targets: { p95Ms: 150, itemsRead: PAGE_SIZE + 1 },
      met: worstP95Ms <= 150 && maxItemsRead <= PAGE_SIZE + 1,
      loadMs: Math.round(loadMs),
    };
  } finally {
    await dynamo.stop();
  }
}
