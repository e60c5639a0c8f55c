import { createServer, type Server } from 'node:http';
import type { AppContext } from '../shared/app/context';
import { handleDecisionRequest } from '../shared/app/review/decision-page';

/** The decision pages post a token of a few hundred bytes: a body larger than this is refused while read. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/**
 * The local stand-in for the decision-page function URL (decision pages, approvals, the status
 * page), on loopback. Bodies are counted as they arrive and the connection is cut past the
 * bound, so a 150 MB post is never held in memory.
 */
export async function startWebServer(
  ctx: AppContext,
  port: number,
): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        refused = true;
        response.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
        response.end('request too large\n');
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers[name.toLowerCase()] = value;
      handleDecisionRequest(ctx, {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: Buffer.concat(chunks).toString('utf8'),
        now: new Date(),
        headers,
      })
        .then((answer) => {
          response.writeHead(answer.status, answer.headers);
          response.end(answer.body);
        })
        .catch((error: Error) => {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(`error: ${error.message}`);
        });
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    server,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
