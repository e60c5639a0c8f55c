import { createHash } from 'node:crypto';
import { paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Account } from '../../domain/account';
import {
  accountListKeys,
  FORWARDED_PARTITION,
  forwardedListKeys,
  forwardedMailOf,
  requestListKeys,
} from '../../domain/portal/list-keys';
import type { ListPlan } from '../../domain/portal/lists';
import type { ListPage, PortalSessionRecord, PortalStore } from '../../domain/ports';
import type { AccountRequest, ForwardedMail } from '../../domain/requests';
import { accountFromItem } from './account-store';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { planOfItem } from './request-store';
import { TTL_ATTRIBUTE } from './table';

/*
 * Keys (README "Portal"):
 *   sign-in link   PK=PORTALLINK#<nonce>        SK=LINK     email, expiresAt (TTL), usedAt once used
 *   link limit     PK=PORTALRATE#<sha256 email> SK=RATE     sentAt: one link a minute per address
 *   session        PK=SESSION#<sha256 id>       SK=SESSION  email, expiresAt (TTL); the cookie holds the id
 *                  GSI3PK=SESSIONS#<sha256 email> GSI3SK=<createdAt>  (revoking an address's sessions)
 *   lists          GSI5..GSI9 (domain/portal/list-keys.ts); forwarded mail: GSI9 on its plan (request-store.ts)
 * Addresses are hashed in keys: the table's keys name nobody; the items hold the address itself.
 */

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const sessionKey = (id: string) => ({ PK: `SESSION#${hash(id)}`, SK: 'SESSION' });

/** A page key as the client carries it: the item's table and index keys, strings only. */
const pageKeySchema = z.record(z.string().check(z.regex(/^(PK|SK|GSI[5-9](PK|SK))$/)), z.string());

function encodeKey(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The start key of a page, only when it lies in the plan's own partition (a forged key reads nothing else). */
function decodeKey(after: string | undefined, plan: ListPlan): Record<string, string> | undefined {
  if (!after) return undefined;
  try {
    const key = pageKeySchema.parse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8')));
    const sk = key[`${plan.index}SK`];
    if (key[`${plan.index}PK`] !== plan.partition || !key.PK || !key.SK || sk === undefined) return undefined;
    return { PK: key.PK, SK: key.SK, [`${plan.index}PK`]: plan.partition, [`${plan.index}SK`]: sk };
  } catch {
    return undefined;
  }
}

export class DynamoDbPortalStore implements PortalStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async claimSignInSlot(email: string, now: Date, intervalSeconds: number): Promise<boolean> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          PK: `PORTALRATE#${hash(email)}`,
          SK: 'RATE',
          type: 'portal-rate',
          sentAt: seconds(now),
          [TTL_ATTRIBUTE]: seconds(now) + intervalSeconds + 3600,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR sentAt <= :before',
        ExpressionAttributeValues: { ':before': seconds(now) - intervalSeconds },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async putSignInLink(nonce: string, email: string, expiresAt: number): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: { PK: `PORTALLINK#${nonce}`, SK: 'LINK', type: 'portal-link', email, expiresAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  }

  async signInLinkUsable(nonce: string, now: Date): Promise<boolean> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `PORTALLINK#${nonce}`, SK: 'LINK' },
      ConsistentRead: true,
    });
    return Boolean(Item && !Item.usedAt && Number(Item.expiresAt) > seconds(now));
  }

  async consumeSignInLink(nonce: string, now: Date): Promise<string | undefined> {
    try {
      const { Attributes } = await this.client.update({
        TableName: this.tableName,
        Key: { PK: `PORTALLINK#${nonce}`, SK: 'LINK' },
        UpdateExpression: 'SET usedAt = :now',
        // Used once: the second click (or a second tab) finds usedAt and opens nothing.
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt) AND expiresAt > :at',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':at': seconds(now) },
        ReturnValues: 'ALL_NEW',
      });
      return typeof Attributes?.email === 'string' ? Attributes.email : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async putSession(id: string, session: PortalSessionRecord): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: {
        ...sessionKey(id),
        type: 'portal-session',
        ...session,
        GSI3PK: `SESSIONS#${hash(session.email)}`,
        GSI3SK: session.createdAt,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  }

  async getSession(id: string, now: Date): Promise<PortalSessionRecord | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: sessionKey(id),
      ConsistentRead: true,
    });
    // TTL deletes within days, not at the second: the expiry is checked here.
    if (!Item || Number(Item.expiresAt) <= seconds(now)) return undefined;
    return {
      email: String(Item.email),
      createdAt: String(Item.createdAt),
      expiresAt: Number(Item.expiresAt),
    };
  }

  async deleteSession(id: string): Promise<void> {
    await this.client.delete({ TableName: this.tableName, Key: sessionKey(id) });
  }

  async revokeSessionsOf(email: string): Promise<number> {
    let count = 0;
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `SESSIONS#${hash(email.toLowerCase())}` },
      },
    );
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        await this.client.delete({ TableName: this.tableName, Key: { PK: item.PK, SK: item.SK } });
        count++;
      }
    return count;
  }

  /**
   * Writes the portal's list keys onto items written before the portal (accounts: each
   * institution's by GSI3; requests: a one-off paginated Scan, there being no index of them
   * before). Each write is conditional on the item's version (or update time) read, so a
   * concurrent change is never overwritten: that item was rewritten whole anyway. Plans of mail
   * forwarded to the helpdesk, recorded before the portal listed them, get their GSI9 entry (read
   * by the same Scan). Safe to re-run.
   */
  async addListKeys(
    institutions: readonly string[],
  ): Promise<{ accounts: number; requests: number; forwarded: number }> {
    const counts = { accounts: 0, requests: 0, forwarded: 0 };
    const write = async (
      item: Record<string, unknown>,
      keys: Record<string, string>,
      guard: 'version' | 'updatedAt',
    ) => {
      const names = ['GSI5', 'GSI6', 'GSI7', 'GSI8', 'GSI9'].flatMap((i) => [`${i}PK`, `${i}SK`]);
      const set = names.filter((n) => keys[n] !== undefined);
      const remove = names.filter((n) => keys[n] === undefined && item[n] !== undefined);
      if (set.every((n) => item[n] === keys[n]) && !remove.length) return false;
      try {
        await this.client.update({
          TableName: this.tableName,
          Key: { PK: item.PK, SK: item.SK },
          UpdateExpression: `SET ${set.map((n) => `${n} = :${n}`).join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: `${guard} = :guard`,
          ExpressionAttributeValues: {
            ...Object.fromEntries(set.map((n) => [`:${n}`, keys[n]])),
            ':guard': item[guard],
          },
        });
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    };
    for (const institution of institutions) {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': `INST#${institution}` },
        },
      );
      for await (const page of pages)
        for (const item of page.Items ?? [])
          if (await write(item, accountListKeys(accountFromItem(item)), 'version')) counts.accounts++;
    }
    const requests = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        // A plan with its summary was listed when recorded (and, without the key, handled since).
        FilterExpression:
          '#type = :request OR (#type = :plan AND attribute_not_exists(GSI9PK) AND attribute_not_exists(forwarded))',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':request': 'request', ':plan': 'inbound-plan' },
      },
    );
    for await (const page of requests)
      for (const item of page.Items ?? []) {
        if (item.type === 'inbound-plan') {
          if (await this.listForwarded(item)) counts.forwarded++;
        } else if (await write(item, requestListKeys(item as unknown as AccountRequest), 'updatedAt'))
          counts.requests++;
      }
    return counts;
  }

  /** Lists a forwarded plan's mail for the helpdesk (once: a plan dropped meanwhile is not written back). */
  private async listForwarded(item: Record<string, unknown>): Promise<boolean> {
    const forwarded = forwardedMailOf(planOfItem(item));
    if (!forwarded) return false;
    const keys = forwardedListKeys(forwarded);
    try {
      await this.client.update({
        TableName: this.tableName,
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: 'SET forwarded = :forwarded, GSI9PK = :pk, GSI9SK = :sk',
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(GSI9PK) AND attribute_not_exists(forwarded)',
        ExpressionAttributeValues: { ':forwarded': forwarded, ':pk': keys.GSI9PK, ':sk': keys.GSI9SK },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markForwardedHandled(messageId: string, by: string, at: Date): Promise<boolean> {
    try {
      await this.client.update({
        TableName: this.tableName,
        Key: { PK: `MESSAGE#${messageId}`, SK: 'PLAN' },
        UpdateExpression: 'SET forwarded.handledBy = :by, forwarded.handledAt = :at REMOVE GSI9PK, GSI9SK',
        ConditionExpression: 'GSI9PK = :listed',
        ExpressionAttributeValues: { ':by': by, ':at': at.toISOString(), ':listed': FORWARDED_PARTITION },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Mail forwarded to the helpdesk, newest first, a page a Query. */
  forwardedPage(pageSize: number, after?: string): Promise<ListPage<ForwardedMail>> {
    return this.page(
      { index: 'GSI9', partition: FORWARDED_PARTITION, forward: false },
      pageSize,
      after,
      (item) => item.forwarded as ForwardedMail,
    );
  }

  accountPage(plan: ListPlan, pageSize: number, after?: string): Promise<ListPage<Account>> {
    return this.page(plan, pageSize, after, accountFromItem);
  }

  requestPage(plan: ListPlan, pageSize: number, after?: string): Promise<ListPage<AccountRequest>> {
    return this.page(plan, pageSize, after, (item) => {
      const request: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(item))
        if (!['PK', 'SK', 'type'].includes(name) && !/^GSI\d+(PK|SK)$/.test(name)) request[name] = value;
      return { version: 1, ...request } as AccountRequest;
    });
  }

  /** One Query of page size + 1 items: the extra one only tells that a next page exists. */
  private async page<T>(
    plan: ListPlan,
    pageSize: number,
    after: string | undefined,
    of: (item: Record<string, unknown>) => T,
  ): Promise<ListPage<T>> {
    const pk = `${plan.index}PK`;
    const sk = `${plan.index}SK`;
    const values: Record<string, string> = { ':pk': plan.partition };
    let condition = `${pk} = :pk`;
    if (plan.range && 'beginsWith' in plan.range) {
      condition += ` AND begins_with(${sk}, :prefix)`;
      values[':prefix'] = plan.range.beginsWith;
    } else if (plan.range) {
      condition += ` AND ${sk} BETWEEN :from AND :to`;
      [values[':from'], values[':to']] = plan.range.between;
    }
    const start = decodeKey(after, plan);
    const result = await this.client.query({
      TableName: this.tableName,
      IndexName: plan.index,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ScanIndexForward: plan.forward,
      Limit: pageSize + 1,
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    const items = result.Items ?? [];
    const shown = items.slice(0, pageSize);
    const last = shown.at(-1);
    return {
      items: shown.map(of),
      itemsRead: result.ScannedCount ?? items.length,
      ...(items.length > pageSize && last
        ? {
            next: encodeKey({
              PK: String(last.PK),
              SK: String(last.SK),
              [pk]: String(last[pk]),
              [sk]: String(last[sk]),
            }),
          }
        : {}),
    };
  }
}
