import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for S3 (no local S3 here) for the tests that run a function in its own process,
 * where no mock reaches: path-style GET and PUT of objects and S3's NoSuchKey answer. Signing
 * is the SDK's business; this only serves objects.
 */
export async function startS3StandIn() {
  const objects = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (req.method === 'PUT') {
        objects.set(key, Buffer.concat(chunks));
        res.writeHead(200, { etag: '"x"' });
        return res.end();
      }
      const object = objects.get(key);
      if (!object) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        return res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
        );
      }
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
