import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { handler } from '../../functions/decision-page/handler';
import { recordSdkCalls, type SdkCall } from '../../shared/adapters/sdk-call-recorder';
import { testConfig } from '../support/context';
import { lambdaInvocation } from '../support/lambda';
import { freshTable } from '../support/services';

/**
 * Issue "the public URL bounded": a public status page read every target's state and history on
 * each anonymous GET. The decision-page function serves a shown page from memory for a minute.
 */
const saved = { ...process.env };
const calls: SdkCall[] = [];

beforeAll(async () => {
  const { tableName } = await freshTable();
  const config = testConfig({
    monitor: {
      environments: [
        { name: 'Alma EU02 - Production', source: { kind: 'status-page', url: 'https://status.example' } },
      ],
      statusPage: { access: 'public' },
    },
  });
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    CONFIG_JSON: JSON.stringify(config),
    SECRETS_PREFIX: '/alma-accounts/test',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.CONFIG_PARAMETER;
  recordSdkCalls((call) => calls.push(call));
});

afterAll(() => {
  recordSdkCalls(undefined);
  vi.useRealTimers();
  process.env = { ...saved };
});

const get = (query: Record<string, string> = {}) =>
  handler(
    {
      rawPath: '/status',
      queryStringParameters: query,
      headers: {},
      requestContext: { http: { method: 'GET', path: '/status' } },
      isBase64Encoded: false,
    } as never,
    lambdaInvocation('decision-page'),
  );

describe('the public status page', () => {
  it('reads the table once a minute however many GETs, whatever their query', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const first = await get();
    const readsForOnePage = calls.length;

    const again = await Promise.all([get(), get({ t: 'anything' }), get({ x: String(Math.random()) })]);
    const whileCached = calls.length - readsForOnePage;
    vi.setSystemTime(Date.now() + 61_000);
    await get();
    const afterAMinute = calls.length - readsForOnePage - whileCached;

    expect(first).toMatchObject({ statusCode: 200 });
    for (const page of again) expect(page).toEqual(first);
    expect(readsForOnePage).toBeGreaterThan(0);
    expect(whileCached).toBe(0);
    expect(afterAMinute).toBe(readsForOnePage);
  });
});
