import { findAll, getAttributeValue, isTag, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import * as z from 'zod/mini';
import type { StatusSourceConfig } from '../../config/schema';
import {
  changedShape,
  htmlText,
  type OutageRecord,
  type PortalService,
  readOutageRecords,
  readPortalServices,
  readStatusPageRow,
  readStatusPageText,
  readStatusXml,
  type StatusPageRow,
  type StatusXmlInstance,
  unreadable,
} from '../../domain/monitor/sources';
import type { ExlibrisSourceKind, SourceReading } from '../../domain/monitor/types';
import type { SecretReader } from '../../domain/ports';
import { failureReason, oneLine } from './alma-probes';

/**
 * What Ex Libris says about Alma environments, behind one small interface with a reader per
 * form Ex Libris publishes: the status REST API (ServiceNow table `cmdb_ci_outage`, Basic auth),
 * the older XML interface, the public status page (HTML) and its portal JSON. One request per
 * source serves every environment it covers. HTML and XML are read with htmlparser2.
 */
export interface StatusSource {
  readonly kind: ExlibrisSourceKind;
  readonly url: string;
  /** One reading per environment name; never throws (no answer or an odd one → unknown). */
  read(environments: readonly string[], now: Date): Promise<Map<string, SourceReading>>;
}

export interface SourceOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

function all(environments: readonly string[], reading: SourceReading): Map<string, SourceReading> {
  return new Map(environments.map((e) => [e, reading]));
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
  latencyMs: number;
}

/** One request with the configured timeout; a reading for every environment when it gets no usable answer. */
async function request(
  kind: ExlibrisSourceKind,
  url: URL | string,
  init: RequestInit,
  environments: readonly string[],
  options: SourceOptions,
): Promise<Answer | Map<string, SourceReading>> {
  const doFetch = options.fetch ?? fetch;
  const started = performance.now();
  try {
    const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    const body = await response.text();
    const answer = {
      status: response.status,
      body,
      contentType: response.headers.get('content-type') ?? '',
      latencyMs: Math.round(performance.now() - started),
    };
    if (answer.status === 200) return answer;
    return all(
      environments,
      unreadable(kind, `answer ${answer.status}: ${oneLine(body)}`, {
        cause: `http:${answer.status}`,
        httpStatus: answer.status,
        latencyMs: answer.latencyMs,
      }),
    );
  } catch (error) {
    return all(
      environments,
      unreadable(kind, failureReason(error, options.timeoutMs), { cause: 'no-answer' }),
    );
  }
}

function facts(answer: Answer) {
  return { httpStatus: answer.status, latencyMs: answer.latencyMs };
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

  /**
   * The request URL: the configured base plus the table path, with the query the public scripts
   * use (`cmdb_ciLIKE<service>^end=NULL`), one LIKE per environment joined by OR.
   */
  requestUrl(environments: readonly string[]): URL {
    const url = new URL(this.url);
    if (!url.pathname.includes(OUTAGE_TABLE_PATH)) {
      url.pathname = `${url.pathname.replace(/\/+$/, '')}${OUTAGE_TABLE_PATH}`;
    }
    // ServiceNow binds ^OR tighter than ^: (LIKE a OR LIKE b) AND end is empty.
    const services = environments.map((e) => `cmdb_ciLIKE${e}`).join('^OR');
    url.searchParams.set('sysparm_query', `${services}^end=NULL`);
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
      const name = (error as Error).name;
      return all(
        environments,
        unreadable('status-api', `credentials unavailable (${name})`, { cause: `secret:${name}` }),
      );
    }
    const answer = await request(
      this.kind,
      this.requestUrl(environments),
      {
        headers: {
          Authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
          Accept: 'application/json',
        },
      },
      environments,
      this.options,
    );
    if (answer instanceof Map) return answer;
    const records = parseOutageTable(answer.body);
    if (!records)
      return all(
        environments,
        changedShape('status-api', `not an outage table: ${oneLine(answer.body)}`, facts(answer)),
      );
    return new Map(
      environments.map((e) => [e, { ...readOutageRecords(records, e, now, 'status-api'), ...facts(answer) }]),
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
    const environment = fieldText(row['cmdb_ci.u_external_name']) || fieldText(row.cmdb_ci);
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

type Element = Parameters<typeof getAttributeValue>[0];

function elementsNamed(root: ReturnType<typeof parseDocument>, name: string): Element[] {
  return findAll((element) => element.name.toLowerCase() === name, root.children);
}

/** The `<instance>` elements of an `/exlibriscloudstatus` answer; undefined when the body is not that XML. */
export function parseStatusXml(body: string): StatusXmlInstance[] | undefined {
  const document = parseDocument(body, { xmlMode: true });
  if (elementsNamed(document, 'exlibriscloudstatus').length === 0) return undefined;
  const instances = elementsNamed(document, 'instance').map((instance) => {
    const children = (name: string) =>
      instance.children
        .filter((c): c is Element => isTag(c) && c.name.toLowerCase() === name)
        .map((c) => textContent(c).replace(/\s+/g, ' ').trim());
    return {
      id: getAttributeValue(instance, 'id') ?? getAttributeValue(instance, 'name') ?? '',
      service: getAttributeValue(instance, 'service') ?? '',
      status: getAttributeValue(instance, 'status') ?? '',
      // A schedule may hold several notices, each ending with Ex Libris' signature.
      schedule: children('schedule').flatMap((text) =>
        text
          .split(/Regards,?\s*Ex Libris Cloud Services/i)
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
      message: children('message'),
    };
  });
  return instances.length ? instances : undefined;
}

export class StatusXmlSource implements StatusSource {
  readonly kind = 'status-xml' as const;
  constructor(
    readonly url: string,
    private readonly options: SourceOptions,
  ) {}

  async read(environments: readonly string[], now: Date): Promise<Map<string, SourceReading>> {
    const form = new URLSearchParams({ act: 'get_status', client: 'xml', envs: environments.join(',') });
    const answer = await request(
      this.kind,
      this.url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/xml, text/xml' },
        body: form.toString(),
      },
      environments,
      this.options,
    );
    if (answer instanceof Map) return answer;
    const instances = parseStatusXml(answer.body);
    if (!instances)
      return all(
        environments,
        changedShape(this.kind, `not the XML status answer: ${oneLine(answer.body)}`, facts(answer)),
      );
    return new Map(environments.map((e) => [e, { ...readStatusXml(instances, e, now), ...facts(answer) }]));
  }
}

const ICON_CLASS = /(?:^|\s)icon-(\d+)(?:\s|$)/;
const hasIcon = (element: Element) => ICON_CLASS.test(getAttributeValue(element, 'class') ?? '');

/**
 * Environment rows of the status page: every element whose class carries `icon-1`…`icon-5`,
 * attached to the nearest enclosing element (holding no other icon: the row) that names
 * exactly one of our environments.
 */
export function parseStatusPageRows(html: string, environments: readonly string[]): StatusPageRow[] {
  const document = parseDocument(html);
  const rows: StatusPageRow[] = [];
  for (const element of findAll(hasIcon, document.children)) {
    const icon = Number(ICON_CLASS.exec(getAttributeValue(element, 'class') ?? '')?.[1]);
    let scope: Element | null = element;
    for (let depth = 0; scope && depth < 6; depth++) {
      if (scope !== element && findAll(hasIcon, scope.children).length > 1) break;
      const text = textContent(scope).replace(/\s+/g, ' ').toLowerCase();
      const named = environments.filter((e) => text.includes(e.toLowerCase()));
      if (named.length > 1) break;
      if (named.length === 1) {
        const cell = element.parent && isTag(element.parent) ? element.parent : element;
        rows.push({ environment: named[0]!, icon, note: textContent(cell) });
        break;
      }
      scope = scope.parent && isTag(scope.parent) ? scope.parent : null;
    }
  }
  return rows;
}

export class StatusPageSource implements StatusSource {
  readonly kind = 'status-page' as const;
  constructor(
    readonly url: string,
    private readonly options: SourceOptions,
  ) {}

  async read(environments: readonly string[], now = new Date()): Promise<Map<string, SourceReading>> {
    const answer = await request(
      this.kind,
      this.url,
      { headers: { Accept: 'text/html, application/json;q=0.9' } },
      environments,
      this.options,
    );
    if (answer instanceof Map) return answer;
    // A status page URL answering JSON is the portal behind it.
    if (answer.contentType.includes('json') || /^\s*[{[]/.test(answer.body))
      return readPortalAnswer(this.kind, answer, environments);
    const rows = parseStatusPageRows(answer.body, environments);
    const text = htmlText(answer.body);
    return new Map(
      environments.map((e) => [
        e,
        {
          ...(readStatusPageRow(rows, e, now) ?? readStatusPageText(text, e, environments)),
          ...facts(answer),
        },
      ]),
    );
  }
}

const portalService = z.object({
  name: z.string(),
  icon: z.optional(z.string()),
  status: z.optional(z.union([z.string(), z.object({ icon: z.optional(z.string()) })])),
});

const MAX_PORTAL_DEPTH = 16;

/**
 * Every `services[]` of the portal JSON, wherever it sits: ServiceNow nests it in
 * `result.containers[].rows[].columns[].widgets[].widget.data.services`, and the container
 * index moves when Ex Libris edits the page. Undefined when there is none.
 */
export function parsePortalServices(body: string): PortalService[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const found: PortalService[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > MAX_PORTAL_DEPTH || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'services' && Array.isArray(child)) {
        for (const item of child) {
          const parsed = portalService.safeParse(item);
          if (!parsed.success) continue;
          const s = parsed.data;
          found.push({
            name: s.name,
            icon: (typeof s.status === 'string' ? s.status : s.status?.icon) ?? s.icon ?? '',
          });
        }
      } else visit(child, depth + 1);
    }
  };
  visit(json, 0);
  return found.length ? found : undefined;
}

function readPortalAnswer(
  kind: ExlibrisSourceKind,
  answer: Answer,
  environments: readonly string[],
): Map<string, SourceReading> {
  const services = parsePortalServices(answer.body);
  if (!services)
    return all(
      environments,
      changedShape(kind, `not the portal JSON: ${oneLine(answer.body)}`, facts(answer)),
    );
  return new Map(
    environments.map((e) => [e, { ...readPortalServices(services, e, kind), ...facts(answer) }]),
  );
}

export class StatusPortalSource implements StatusSource {
  readonly kind = 'status-portal' as const;
  constructor(
    readonly url: string,
    private readonly options: SourceOptions,
  ) {}

  async read(environments: readonly string[]): Promise<Map<string, SourceReading>> {
    const answer = await request(
      this.kind,
      this.url,
      { headers: { Accept: 'application/json' } },
      environments,
      this.options,
    );
    if (answer instanceof Map) return answer;
    return readPortalAnswer(this.kind, answer, environments);
  }
}

export function createStatusSource(
  config: StatusSourceConfig,
  secrets: SecretReader,
  options: SourceOptions,
): StatusSource {
  switch (config.kind) {
    case 'status-api':
      return new StatusApiSource(config.url, config.credentialsSecret, secrets, options);
    case 'status-xml':
      return new StatusXmlSource(config.url, options);
    case 'status-page':
      return new StatusPageSource(config.url, options);
    case 'status-portal':
      return new StatusPortalSource(config.url, options);
  }
}
