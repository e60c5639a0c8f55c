import type { Server } from 'node:http';
import sesServerModule from 'aws-ses-v2-local';
import { freePort } from './dynamodb-local';

export interface LocalSes {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** The default export differs between tsx and plain ESM (measured under both). */
const startSesServer = (
  typeof sesServerModule === 'function'
    ? sesServerModule
    : (sesServerModule as { default: typeof sesServerModule }).default
) as (config?: { host?: string; port?: number }) => Promise<Server>;

/** aws-ses-v2-local on 127.0.0.1: SESv2 SendEmail, `GET /store` for what was sent, `/` the outbox web view. */
export async function startLocalSes(options: { port?: number } = {}): Promise<LocalSes> {
  const port = options.port ?? (await freePort());
  const server = await startSesServer({ host: '127.0.0.1', port });
  // The package keeps one store per process: start each server with an empty outbox.
  await fetch(`http://127.0.0.1:${port}/clear-store`, { method: 'POST' });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
