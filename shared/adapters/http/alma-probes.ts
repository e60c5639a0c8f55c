import type { SourceKind, SourceReading } from '../../domain/monitor/types';
import { almaErrorEntry } from '../alma/error-body';

/**
 * Our own probes of an institution's Alma: the API test endpoint with its API key, and a plain
 * GET of its Alma address. Each request has its own timeout, so a run lasts as long as its
 * slowest probe and no longer. A probe that gets no answer says down; one that gets an answer
 * it cannot read (wrong key, 4xx, odd body) says unknown.
 */
export interface ProbeOptions {
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Why a request got no answer: timeout, refused, reset… in one short phrase. */
export function failureReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = e?.cause?.code;
  if (code) return `connection failed (${code})`;
  return `request failed (${e?.cause?.message ?? e?.message ?? 'unknown error'})`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function noAnswer(source: SourceKind, error: unknown, options: ProbeOptions, started: number): SourceReading {
  return {
    source,
    verdict: 'down',
    readable: true,
    summary: failureReason(error, options.timeoutMs),
    latencyMs: elapsed(started),
  };
}

/**
 * The Users area's key test, `GET /almaws/v1/users/operation/test` ("used to test if the API key
 * was configured correctly", Ex Libris' OpenAPI `specs/users.json`): the institutions' keys are
 * Users keys, and another area's test (`/conf/test`) refuses them.
 */
export const ALMA_API_TEST_PATH = '/almaws/v1/users/operation/test';

/** Alma refusing the key itself (unknown, revoked, or without the Users area), not Alma being down. */
function keyRefused(status: number, body: string): string | undefined {
  const entry = almaErrorEntry(body);
  const refused =
    status === 401 ||
    entry?.code === 'UNAUTHORIZED' ||
    /API-key not defined or not configured/i.test(entry?.message ?? '');
  if (!refused) return undefined;
  return `API key refused (${entry ? `${entry.code}: ${entry.message}` : `HTTP ${status}`}); check the institution's key and its Users permission`;
}

/** `GET {apiBase}/almaws/v1/users/operation/test` with `Authorization: apikey <key>`: OK when 200 and the body says OK. */
export async function probeAlmaApi(
  input: { apiBase: string; apiKey: string },
  options: ProbeOptions,
): Promise<SourceReading> {
  const doFetch = options.fetch ?? fetch;
  const url = `${input.apiBase.replace(/\/+$/, '')}${ALMA_API_TEST_PATH}`;
  const started = performance.now();
  try {
    const response = await doFetch(url, {
      headers: { Authorization: `apikey ${input.apiKey}`, Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = await response.text();
    const remainingHeader = response.headers.get('x-exl-api-remaining');
    const remaining = remainingHeader !== null ? Number.parseInt(remainingHeader, 10) : Number.NaN;
    const facts = {
      httpStatus: response.status,
      latencyMs: elapsed(started),
      ...(Number.isFinite(remaining) ? { apiRemaining: remaining } : {}),
    };
    if (response.status >= 500) {
      return { source: 'alma-api', verdict: 'down', readable: true, summary: 'server error', ...facts };
    }
    const refused = response.status !== 200 ? keyRefused(response.status, body) : undefined;
    if (refused) {
      // The key, not Alma: unknown (never an outage), one operators mail per cause.
      return {
        source: 'alma-api',
        verdict: 'unknown',
        readable: false,
        summary: refused,
        cause: 'api-key',
        ...facts,
      };
    }
    if (response.status !== 200) {
      // A 4xx is about our request (permissions, rate limit): the checker's problem, not Alma's.
      return {
        source: 'alma-api',
        verdict: 'unknown',
        readable: false,
        summary: `unexpected answer ${response.status}: ${oneLine(body)}`,
        cause: `http:${response.status}`,
        ...facts,
      };
    }
    if (!/\bOK\b/.test(body)) {
      return {
        source: 'alma-api',
        verdict: 'unknown',
        readable: false,
        summary: `200 without OK: ${oneLine(body)}`,
        cause: 'shape',
        ...facts,
      };
    }
    return { source: 'alma-api', verdict: 'operational', readable: true, summary: 'test OK', ...facts };
  } catch (error) {
    return noAnswer('alma-api', error, options, started);
  }
}

/** Plain GET of the institution's Alma address: up on 2xx/3xx within the timeout; redirects not followed. */
export async function probeAlmaUrl(input: { url: string }, options: ProbeOptions): Promise<SourceReading> {
  const doFetch = options.fetch ?? fetch;
  const started = performance.now();
  try {
    const response = await doFetch(input.url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Only the status matters; the body is dropped so the socket is freed.
    await response.body?.cancel().catch(() => undefined);
    const facts = { httpStatus: response.status, latencyMs: elapsed(started) };
    if (response.status >= 200 && response.status < 400) {
      return { source: 'alma-url', verdict: 'operational', readable: true, summary: 'answers', ...facts };
    }
    if (response.status >= 500) {
      return { source: 'alma-url', verdict: 'down', readable: true, summary: 'server error', ...facts };
    }
    return {
      source: 'alma-url',
      verdict: 'unknown',
      readable: false,
      summary: `unexpected answer ${response.status} (check almaUrl)`,
      cause: `http:${response.status}`,
      ...facts,
    };
  } catch (error) {
    return noAnswer('alma-url', error, options, started);
  }
}

/** A short one-line excerpt of an answer, for alert bodies and logs. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || '(empty)';
}
