import * as z from 'zod/mini';
import {
  htmlText,
  type OutageRecord,
  type PortalService,
  readOutageRecords,
  readPortalServices,
  readStatusPageText,
  unreadable,
} from '../../domain/monitor/sources';
import type { SourceReading } from '../../domain/monitor/types';
import type { SecretReader } from '../../domain/ports';
import { failureReason, oneLine } from './alma-probes';

/**
 * What Ex Libris says about Alma environments, behind one small interface with two readers:
 * the status REST API (ServiceNow table `cmdb_ci_outage`, Basic auth) and the public status
 * page (portal JSON or HTML). One request per source serves every environment it covers.
 */
export interface StatusSource {
  readonly kind: 'status-api' | 'status-page';
  readonly url: string;
  /** One reading per environment name; never throws (no answer or an odd one → unknown). */
  read(environments: readonly string[], now: Date): Promise<Map<string, SourceReading>>;
}

export type StatusSourceConfig =
  | { kind: 'status-api'; url: string; credentialsSecret: string }
  | { kind: 'status-page'; url: string };

export interface SourceOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

function all(environments: readonly string[], reading: SourceReading): Map<string, SourceReading> {
  return new Map(environments.map((e) => [e, reading]));
}

const OUTAGE_TABLE_PATH = '/api/now/table/cmdb_ci_outage';
const OUTAGE_FIELDS = [
  'sys_id',
  'number',
  'cmdb_ci.u_external_name',
  'type',
  'begin',
  'end',
  'short_description',
  'details',
];

/** A ServiceNow field: a plain string, or `{ value, display_value }` when display values are asked. */
const field = z.optional(
  z.nullable(
    z.union([z.string(), z.object({ value: z.optional(z.string()), display_value: z.optional(z.string()) })]),
  ),
);
const outageTable = z.object({ result: z.array(z.record(z.string(), field)) });

function fieldText(value: z.infer<typeof field>): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : (value.value ?? value.display_value ?? '');
}

export class StatusApiSource implements StatusSource {
  readonly kind = 'status-api' as const;
  constructor(
    readonly url: string,
    private readonly credentialsSecret: string,
    private readonly secrets: SecretReader,
    private readonly options: SourceOptions,
  ) {}

  /** The request URL: the configured base plus the table path, filtered to our environments. */
  requestUrl(environments: readonly string[]): URL {
    const url = new URL(this.url);
    if (!url.pathname.includes(OUTAGE_TABLE_PATH)) {
      url.pathname = `${url.pathname.replace(/\/+$/, '')}${OUTAGE_TABLE_PATH}`;
    }
    url.searchParams.set(
      'sysparm_query',
      `cmdb_ci.u_external_nameIN${environments.join(',')}^endISEMPTY^ORend>javascript:gs.daysAgoStart(1)^ORDERBYDESCbegin`,
    );
    url.searchParams.set('sysparm_fields', OUTAGE_FIELDS.join(','));
    url.searchParams.set('sysparm_display_value', 'false');
    url.searchParams.set('sysparm_exclude_reference_link', 'true');
    url.searchParams.set('sysparm_limit', '200');
    return url;
  }

  async read(environments: readonly string[], now: Date): Promise<Map<string, SourceReading>> {
    let credentials: string;
    try {
      credentials = await this.secrets.get(this.credentialsSecret);
    } catch (error) {
      return all(
        environments,
        unreadable('status-api', `credentials unavailable (${(error as Error).name})`),
      );
    }
    const doFetch = this.options.fetch ?? fetch;
    const started = performance.now();
    let status: number;
    let body: string;
    try {
      const response = await doFetch(this.requestUrl(environments), {
        headers: {
          Authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
          Accept: 'application/json',
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      return all(environments, unreadable('status-api', failureReason(error, this.options.timeoutMs)));
    }
    const facts = { httpStatus: status, latencyMs: Math.round(performance.now() - started) };
    if (status !== 200) {
      return all(environments, unreadable('status-api', `answer ${status}: ${oneLine(body)}`, facts));
    }
    const records = parseOutageTable(body);
    if (!records)
      return all(environments, unreadable('status-api', `not an outage table: ${oneLine(body)}`, facts));
    return new Map(
      environments.map((e) => [e, { ...readOutageRecords(records, e, now, 'status-api'), ...facts }]),
    );
  }
}

/** The rows of a `cmdb_ci_outage` answer; undefined when the body is not that table. */
export function parseOutageTable(body: string): OutageRecord[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = outageTable.safeParse(json);
  if (!parsed.success) return undefined;
  const records: OutageRecord[] = [];
  for (const row of parsed.data.result) {
    const environment = fieldText(row['cmdb_ci.u_external_name']);
    const type = fieldText(row.type);
    if (!environment || !type) return undefined;
    const shortDescription = fieldText(row.short_description);
    records.push({
      environment,
      type,
      begin: fieldText(row.begin),
      end: fieldText(row.end),
      shortDescription,
      details: fieldText(row.details),
      // A planned row keeps its identity from announcement to start, so it is told once.
      id: fieldText(row.sys_id) || fieldText(row.number) || `${environment}|${type}|${shortDescription}`,
    });
  }
  return records;
}

const portalService = z.object({
  name: z.string(),
  icon: z.optional(z.string()),
  status: z.optional(z.union([z.string(), z.object({ icon: z.optional(z.string()) })])),
});
const portal = z.object({ services: z.array(portalService) });

/** The portal JSON's services; undefined when the body is not that shape. */
export function parsePortalServices(body: string): PortalService[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = portal.safeParse(json);
  if (!parsed.success) return undefined;
  return parsed.data.services.map((s) => ({
    name: s.name,
    icon: (typeof s.status === 'string' ? s.status : s.status?.icon) ?? s.icon ?? '',
  }));
}

export class StatusPageSource implements StatusSource {
  readonly kind = 'status-page' as const;
  constructor(
    readonly url: string,
    private readonly options: SourceOptions,
  ) {}

  async read(environments: readonly string[]): Promise<Map<string, SourceReading>> {
    const doFetch = this.options.fetch ?? fetch;
    const started = performance.now();
    let status: number;
    let body: string;
    let contentType: string;
    try {
      const response = await doFetch(this.url, {
        headers: { Accept: 'application/json, text/html;q=0.9' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      body = await response.text();
    } catch (error) {
      return all(environments, unreadable('status-page', failureReason(error, this.options.timeoutMs)));
    }
    const facts = { httpStatus: status, latencyMs: Math.round(performance.now() - started) };
    if (status !== 200) {
      return all(environments, unreadable('status-page', `answer ${status}: ${oneLine(body)}`, facts));
    }
    const looksJson = contentType.includes('json') || /^\s*[{[]/.test(body);
    if (looksJson) {
      const services = parsePortalServices(body);
      if (!services) {
        return all(environments, unreadable('status-page', `not the portal JSON: ${oneLine(body)}`, facts));
      }
      return new Map(environments.map((e) => [e, { ...readPortalServices(services, e), ...facts }]));
    }
    const text = htmlText(body);
    return new Map(environments.map((e) => [e, { ...readStatusPageText(text, e, environments), ...facts }]));
  }
}

export function createStatusSource(
  config: StatusSourceConfig,
  secrets: SecretReader,
  options: SourceOptions,
): StatusSource {
  return config.kind === 'status-api'
    ? new StatusApiSource(config.url, config.credentialsSecret, secrets, options)
    : new StatusPageSource(config.url, options);
}
