import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { AppContext } from '../shared/app/context';
import { createWebApp, MAX_REQUEST_BODY_BYTES } from '../shared/web/web-app';

export { MAX_REQUEST_BODY_BYTES };

/**
 * The local stand-in for the decision-page function URL (decision pages, approvals, the status
 * page), on loopback: the same web app (shared/web/web-app.ts) the function serves, under
 * @hono/node-server. Bodies are counted as they arrive (hono/body-limit), so a 150 MB post is
 * never held in memory.
 */
export async function startWebServer(
  ctx: AppContext,
  port: number,
): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const app = createWebApp(ctx);
  const server = await new Promise<Server>((ok, fail) => {
    const started = serve(
      // The process keeps the platform's own Request and Response (the CLI and tests fetch too).
      { fetch: app.fetch, port, hostname: '127.0.0.1', overrideGlobalObjects: false },
      () => ok(started as Server),
    );
    started.once('error', fail);
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    server,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        // Keep-alive connections (Chromium's, fetch's) would hold close() open.
        server.closeIdleConnections();
      }),
  };
}
