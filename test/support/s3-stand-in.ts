import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { verifySignature } from './aws-signature';

/**
 * A stand-in for S3 (no local S3 here): path-style GET and PUT of objects, answers and errors
 * in S3's XML, and every request's SigV4 signature checked with the AWS SDK's signer, so a
 * request our client signs wrongly fails here as it would in AWS.
 */
export async function startS3StandIn() {
  const objects = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const problem = await verifySignature(
        { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
        { service: 's3', region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials },
      );
      const key = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const error = (status: number, code: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        );
      };
      if (problem) return error(403, 'SignatureDoesNotMatch', problem);
      if (req.method === 'PUT') {
        objects.set(key, body);
        res.writeHead(200, { etag: '"x"' });
        return res.end();
      }
      const object = objects.get(key);
      if (!object) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': object.length });
      res.end(object);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Stores an object as the SES S3 action would (path `/<bucket>/<key>`). */
    put(bucket: string, key: string, body: Uint8Array): void {
      objects.set(`/${bucket}/${key}`, Buffer.from(body));
    },
    async stop(): Promise<void> {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
