import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** node:crypto behind the hash interface @smithy/signature-v4 wants. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  reset(): void {}
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The AWS SDK's own signer, as the reference our signer is checked against. */
export function referenceSigner(
  service: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  return new SignatureV4({
    service,
    region,
    credentials,
    sha256: Sha256,
    uriEscapePath: service !== 's3',
    applyChecksum: service === 's3',
  });
}

/**
 * Verifies a received request's SigV4 Authorization header as AWS would: re-signs the headers it
 * names with the reference signer and compares. Returns the problem, or undefined when valid.
 */
export async function verifySignature(
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Uint8Array },
  expect: { service: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
): Promise<string | undefined> {
  const authorization = String(request.headers.authorization ?? '');
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';');
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!signed || !amzDate) return 'no SigV4 Authorization header';
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = String(request.headers[name] ?? '');
  const url = new URL(request.url, `http://${request.headers.host}`);
  const date = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const reference = await referenceSigner(expect.service, expect.region, expect.credentials).sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: url.pathname,
      query,
      headers,
      body: request.body,
    },
    { signingDate: date },
  );
  const wanted = String(reference.headers.authorization ?? reference.headers.Authorization);
  return wanted === authorization
    ? undefined
    : `signature mismatch:\n  got  ${authorization}\n  want ${wanted}`;
}
