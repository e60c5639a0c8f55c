import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { type AwsCredentials, signV4 } from './sigv4';

/**
 * A small AWS client over node:http(s): SigV4 signing, endpoint and credentials from the standard
 * environment, retries with backoff on throttling, 5xx and network errors, a timeout per attempt.
 *
 * Why not the AWS SDK: the SDK clients the functions need weigh ~650 KiB minified and cost ~100 ms
 * of cold start to import; the inbound function's budget is 300 KiB and 60 ms (bench
 * `function-bundles`). Lambda puts the function role's credentials in the environment, which
 * is all this client reads by default. The CLI's real-AWS mode passes the SDK's full
 * credential chain instead (loaded on demand, never bundled in a function).
 */

export type CredentialsProvider = () => AwsCredentials | Promise<AwsCredentials>;

export interface AwsClientOptions {
  /** Signing name: dynamodb, ses, s3, ssm. */
  service: string;
  /** Host prefix of the default endpoint: dynamodb, email, s3, ssm. */
  hostPrefix: string;
  /** Suffix of AWS_ENDPOINT_URL_<ID>, as the SDK names it: DYNAMODB, SESV2, S3, SSM. */
  endpointId: string;
  endpoint?: string;
  region?: string;
  credentials?: AwsCredentials | CredentialsProvider;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** Each attempt's limit, from connecting to the last byte. */
  timeoutMs?: number;
  /** Backoff base: attempt n waits up to base × 2^n (full jitter), at most 20 s. */
  retryBaseMs?: number;
}

export interface AwsRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the endpoint, starting with '/'. Already URI-encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** S3 virtual-hosted style: the bucket goes in front of the default host. */
  bucket?: string;
}

export interface AwsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An error AWS answered (name = its error code), or a network failure / timeout on our side. */
export class AwsError extends Error {
  readonly statusCode: number | undefined;
  readonly retryable: boolean;
  constructor(
    name: string,
    message: string,
    options: { statusCode?: number; retryable: boolean; details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = name;
    this.statusCode = options.statusCode;
    this.retryable = options.retryable;
    // Service fields (e.g. DynamoDB's CancellationReasons) are read off the error, as from the SDK's.
    if (options.details) {
      for (const [key, value] of Object.entries(options.details)) {
        if (!(key in this)) Object.assign(this, { [key]: value });
      }
    }
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'SlowDown',
]);

/** Reads the error code and message from a JSON (DynamoDB, SSM, SES v2) or XML (S3) error answer. */
export function parseAwsError(response: AwsResponse): AwsError {
  const text = response.body.toString('utf8');
  let details: Record<string, unknown> = {};
  let code = String(response.headers['x-amzn-errortype'] ?? '').split(':')[0] ?? '';
  let message = '';
  if (text.trimStart().startsWith('{')) {
    try {
      details = JSON.parse(text) as Record<string, unknown>;
    } catch {
      details = {};
    }
    const type = String(details.__type ?? details.code ?? details.Code ?? '');
    if (!code && type) code = type.slice(type.lastIndexOf('#') + 1).split(':')[0]!;
    message = String(details.message ?? details.Message ?? '');
  } else if (text.includes('<Code>')) {
    code ||= /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '';
    message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';
  }
  const status = response.status;
  code ||= status === 404 ? 'NotFound' : `Http${status}`;
  const retryable = THROTTLING.has(code) || status === 429 || status >= 500;
  const { __type: _t, message: _m, Message: _M, ...rest } = details;
  return new AwsError(code, message || `${code} (HTTP ${status})`, {
    statusCode: status,
    retryable,
    details: rest,
  });
}

function environmentCredentials(): AwsCredentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new AwsError(
      'CredentialsError',
      'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
      {
        retryable: false,
      },
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN || undefined };
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export class AwsClient {
  readonly region: string;
  private readonly endpoint: URL | undefined;
  private readonly credentials: CredentialsProvider;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly retryBaseMs: number;

  constructor(private readonly options: AwsClientOptions) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) {
      throw new AwsError('ConfigError', 'no AWS region: set AWS_REGION', { retryable: false });
    }
    this.region = region;
    const endpoint =
      options.endpoint ??
      process.env[`AWS_ENDPOINT_URL_${options.endpointId}`] ??
      process.env.AWS_ENDPOINT_URL;
    this.endpoint = endpoint ? new URL(endpoint) : undefined;
    const credentials = options.credentials;
    this.credentials =
      typeof credentials === 'function'
        ? credentials
        : credentials
          ? () => credentials
          : environmentCredentials;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryBaseMs = options.retryBaseMs ?? 100;
  }

  /** Sends with retries; answers 2xx, throws AwsError otherwise. */
  async send(request: AwsRequest): Promise<AwsResponse> {
    for (let attempt = 1; ; attempt++) {
      let error: AwsError;
      try {
        const response = await this.attempt(request);
        if (response.status < 300) return response;
        error = parseAwsError(response);
      } catch (cause) {
        error =
          cause instanceof AwsError
            ? cause
            : new AwsError('NetworkError', `${this.options.service}: ${(cause as Error).message}`, {
                retryable: true,
                cause,
              });
      }
      if (!error.retryable || attempt >= this.maxAttempts) throw error;
      const delay = Math.random() * Math.min(20_000, this.retryBaseMs * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private url(request: AwsRequest): URL {
    if (this.endpoint) {
      // A custom endpoint (local stand-in): path style for S3.
      const base = this.endpoint.href.replace(/\/$/, '');
      return new URL(`${base}${request.bucket ? `/${request.bucket}` : ''}${request.path}`);
    }
    const host = `${this.options.hostPrefix}.${this.region}.amazonaws.com`;
    return new URL(`https://${request.bucket ? `${request.bucket}.` : ''}${host}${request.path}`);
  }

  private async attempt(request: AwsRequest): Promise<AwsResponse> {
    const url = this.url(request);
    const body = request.body ?? '';
    let credentials: AwsCredentials;
    try {
      credentials = await this.credentials();
    } catch (cause) {
      if (cause instanceof AwsError) throw cause;
      throw new AwsError('CredentialsError', `no AWS credentials: ${(cause as Error).message}`, {
        retryable: false,
        cause,
      });
    }
    const headers = signV4(
      { method: request.method, url, headers: { ...request.headers }, body },
      { service: this.options.service, region: this.region, credentials, s3: this.options.service === 's3' },
    );
    if (body.length) headers['content-length'] = String(Buffer.byteLength(body));
    const secure = url.protocol === 'https:';
    return await new Promise<AwsResponse>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        { method: request.method, headers, agent: secure ? agents.https : agents.http },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      const timer = setTimeout(() => {
        req.destroy(
          new AwsError('TimeoutError', `${this.options.service}: no answer within ${this.timeoutMs} ms`, {
            retryable: true,
          }),
        );
      }, this.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }
}
