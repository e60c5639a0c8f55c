import pRetry from 'p-retry';
import pThrottle from 'p-throttle';
import * as z from 'zod/mini';
import type { Config } from '../../config/schema';
import { type AlmaUser, type AlmaUserBrief, isAlmaUserNotFound } from '../../domain/alma/user-record';
import type { AlmaReply, AlmaUsers, SecretReader } from '../../domain/ports';
import { AlmaApiError, type AlmaFailure, ConfigError } from '../../errors';
import { failureReason, oneLine } from '../http/alma-probes';
import { almaErrorEntry } from './error-body';

/**
 * Alma's Users API over Node's fetch: `Authorization: apikey <key>` (the key read from the
 * secrets, never logged nor put in a URL), JSON both ways, each attempt with its own timeout.
 * Calls to one institution start at most `callsPerSecond` a second (Alma's per-institution
 * threshold); 429 PER_SECOND_THRESHOLD, 5xx and calls without an answer are retried with
 * backoff, everything else fails at once as an AlmaApiError carrying Alma's code and message.
 */
export interface AlmaUsersOptions {
  fetch?: typeof fetch;
  /** Backoff of the retries (tests shorten it). */
  minRetryDelayMs?: number;
}

const JITTER_MARGIN_MS = 100;

const userSchema = z.looseObject({ primary_id: z.string().check(z.minLength(1)) });
const listSchema = z.looseObject({
  user: z.optional(z.array(z.looseObject({ primary_id: z.string() }))),
  total_record_count: z.optional(z.number()),
});

interface Answer {
  body: unknown;
  remaining: number | null;
}

function remainingOf(response: Response): number | null {
  const value = Number.parseInt(response.headers.get('x-exl-api-remaining') ?? '', 10);
  return Number.isFinite(value) ? value : null;
}

/** A refusal's AlmaFailure: Alma's own code and message when the body has them (JSON or XML). */
function failureOf(call: string, response: Response, text: string): AlmaFailure {
  const entry = almaErrorEntry(text);
  const status = response.status;
  const code = entry?.code ?? `HTTP_${status}`;
  const throttled = status === 429 && code !== 'DAILY_THRESHOLD';
  return {
    status,
    code,
    almaMessage: entry?.message || oneLine(text),
    trackingId: entry?.trackingId ?? null,
    call,
    retryable: throttled || status >= 500,
    remaining: remainingOf(response),
  };
}

/** Backoff between attempts of one Alma call (p-retry, randomized: each delay up to twice its base). */
export const ALMA_RETRY_DELAY_MS = { min: 300, max: 5_000, factor: 2 } as const;

/**
 * The longest one Alma call can take: every attempt timing out, each backoff at its longest
 * (59 s with the defaults: 5 × 10 s + 0.6 + 1.2 + 2.4 + 4.8 s). The stack sizes function timeouts on it.
 */
export function almaCallWorstCaseMs(alma: { timeoutMs: number; retries: number }): number {
  let delays = 0;
  for (let attempt = 0; attempt < alma.retries; attempt++)
    delays += Math.min(
      ALMA_RETRY_DELAY_MS.max,
      2 * ALMA_RETRY_DELAY_MS.min * ALMA_RETRY_DELAY_MS.factor ** attempt,
    );
  return (alma.retries + 1) * alma.timeoutMs + delays;
}

export function httpAlmaUsers(
  config: Pick<Config, 'institutions' | 'alma'>,
  secrets: SecretReader,
  options: AlmaUsersOptions = {},
): AlmaUsers {
  const doFetch = options.fetch ?? fetch;
  const { timeoutMs, retries, callsPerSecond } = config.alma;
  const throttles = new Map<string, <T>(start: () => Promise<T>) => Promise<T>>();

  const throttleOf = (institution: string) => {
    let throttled = throttles.get(institution);
    if (!throttled) {
      // Strict: no window ever holds more starts than Alma allows; the window is a little over a
      // second because Alma counts arrivals, which network jitter brings closer together than starts.
      const limit = pThrottle({ limit: callsPerSecond, interval: 1000 + JITTER_MARGIN_MS, strict: true });
      throttled = limit(<T>(start: () => Promise<T>) => start()) as <T>(
        start: () => Promise<T>,
      ) => Promise<T>;
      throttles.set(institution, throttled);
    }
    return throttled;
  };

  const target = async (code: string) => {
    const institution = config.institutions.find((i) => i.code === code);
    if (!institution?.almaApiBase || !institution.almaApiKeySecret)
      throw new ConfigError(`institution ${code} has no almaApiBase and almaApiKeySecret`);
    return {
      base: `${institution.almaApiBase.replace(/\/+$/, '')}/almaws/v1`,
      key: await secrets.get(institution.almaApiKeySecret),
    };
  };

  async function call(
    institution: string,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    request: { query?: Record<string, string>; body?: unknown; name: string },
  ): Promise<Answer> {
    const { base, key } = await target(institution);
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const throttled = throttleOf(institution);
    const attempt = async (): Promise<Answer> => {
      let response: Response;
      let text: string;
      try {
        response = await throttled(() =>
          doFetch(url, {
            method,
            headers: {
              Authorization: `apikey ${key}`,
              Accept: 'application/json',
              ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            },
            ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
          }),
        );
        text = await response.text();
      } catch (error) {
        const e = error as { name?: string };
        throw new AlmaApiError(
          {
            status: null,
            code: e?.name === 'TimeoutError' || e?.name === 'AbortError' ? 'TIMEOUT' : 'NETWORK',
            almaMessage: failureReason(error, timeoutMs),
            trackingId: null,
            call: request.name,
            retryable: true,
            remaining: null,
          },
          { cause: error },
        );
      }
      if (!response.ok) throw new AlmaApiError(failureOf(request.name, response, text));
      try {
        return { body: text ? JSON.parse(text) : null, remaining: remainingOf(response) };
      } catch (error) {
        throw new AlmaApiError(
          {
            status: response.status,
            code: 'BAD_ANSWER',
            almaMessage: `not JSON: ${oneLine(text)}`,
            trackingId: null,
            call: request.name,
            retryable: false,
            remaining: remainingOf(response),
          },
          { cause: error },
        );
      }
    };
    return pRetry(attempt, {
      retries,
      minTimeout: options.minRetryDelayMs ?? ALMA_RETRY_DELAY_MS.min,
      maxTimeout: ALMA_RETRY_DELAY_MS.max,
      factor: ALMA_RETRY_DELAY_MS.factor,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof AlmaApiError && error.failure.retryable,
    });
  }

  const user = (body: unknown, name: string, remaining: number | null): AlmaUser => {
    const parsed = userSchema.safeParse(body);
    if (!parsed.success)
      throw new AlmaApiError({
        status: 200,
        code: 'BAD_ANSWER',
        almaMessage: 'the answer is not a user (no primary_id)',
        trackingId: null,
        call: name,
        retryable: false,
        remaining,
      });
    return parsed.data as AlmaUser;
  };

  const userPath = (primaryId: string) => `/users/${encodeURIComponent(primaryId)}`;

  return {
    async get(institution, primaryId): Promise<AlmaReply<AlmaUser | null>> {
      const name = 'GET /almaws/v1/users/{id}';
      try {
        const answer = await call(institution, 'GET', userPath(primaryId), {
          query: { user_id_type: 'all_unique', view: 'full' },
          name,
        });
        return { value: user(answer.body, name, answer.remaining), remaining: answer.remaining };
      } catch (error) {
        if (error instanceof AlmaApiError && isAlmaUserNotFound(error.code))
          return { value: null, remaining: error.failure.remaining };
        throw error;
      }
    },
    async create(institution, record) {
      const name = 'POST /almaws/v1/users';
      // A retried POST whose first attempt reached Alma answers 401851: the caller then looks and links.
      const answer = await call(institution, 'POST', '/users', {
        query: { social_authentication: 'false', send_pin_number_letter: 'false' },
        body: record,
        name,
      });
      return { value: user(answer.body, name, answer.remaining), remaining: answer.remaining };
    },
    async replace(institution, primaryId, record) {
      const name = 'PUT /almaws/v1/users/{id}';
      try {
        const answer = await call(institution, 'PUT', userPath(primaryId), {
          query: { user_id_type: 'all_unique', send_pin_number_letter: 'false' },
          body: record,
          name,
        });
        return { value: user(answer.body, name, answer.remaining), remaining: answer.remaining };
      } catch (error) {
        // The user went between our GET and this PUT: not there, not a failure.
        if (error instanceof AlmaApiError && isAlmaUserNotFound(error.code))
          return { value: null, remaining: error.failure.remaining };
        throw error;
      }
    },
    async list(institution, page) {
      const name = 'GET /almaws/v1/users';
      const answer = await call(institution, 'GET', '/users', {
        query: {
          limit: String(page.limit),
          offset: String(page.offset),
          // No order_by: Alma does not sort a `q` search by it (specs/users.json, `order_by`); its
          // default order (last name, first name, primary id) keeps the pages stable.
          ...(page.q ? { q: page.q } : { order_by: 'primary_id' }),
        },
        name,
      });
      const parsed = listSchema.safeParse(answer.body ?? {});
      if (!parsed.success)
        throw new AlmaApiError({
          status: 200,
          code: 'BAD_ANSWER',
          almaMessage: 'the answer is not a list of users',
          trackingId: null,
          call: name,
          retryable: false,
          remaining: answer.remaining,
        });
      const users = (parsed.data.user ?? []) as AlmaUserBrief[];
      return {
        value: { users, total: parsed.data.total_record_count ?? users.length },
        remaining: answer.remaining,
      };
    },
  };
}
