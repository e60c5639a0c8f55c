import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  /** DynamoDB/SSM operation (X-Amz-Target), else method and path. */
  operation: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Fault {
  /** Which requests: a DynamoDB/SSM operation name, or a predicate. */
  when: string | ((request: SeenRequest) => boolean);
  /** How many matching requests fail (then they pass through again). Default 1. */
  times?: number;
  /**
   * Instead of the service's answer: an AWS error; no answer at all (`hang`); the connection
   * reset before the service sees the request (`reset`); or the request done by the service and
   * the connection reset before its answer comes back (`lose-answer`); or a 200 answer of our own
   * making (`json`, e.g. a BatchWriteItem that left every item unprocessed).
   */
  answer:
    | { status: number; errorType: string; message?: string }
    | { json: (request: SeenRequest) => unknown }
    | 'hang'
    | 'reset'
    | 'lose-answer';
}

/**
 * An HTTP proxy in front of a local service (DynamoDB Local, the local SES server) that fails
 * chosen requests the way AWS does: throttling and 5xx answers, no answer, a reset connection.
 * These are faults the local services cannot produce; everything else reaches the real service.
 */
export async function startFaultProxy(target: string) {
  const faults: (Fault & { left: number })[] = [];
  const seen: SeenRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const targetUrl = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const amzTarget = String(req.headers['x-amz-target'] ?? '');
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        operation: amzTarget ? amzTarget.slice(amzTarget.indexOf('.') + 1) : `${req.method} ${req.url}`,
        headers: req.headers,
        body: body.toString('utf8'),
      };
      seen.push(request);
      const fault = faults.find(
        (f) => f.left > 0 && (typeof f.when === 'string' ? f.when === request.operation : f.when(request)),
      );
      const lost = fault?.answer === 'lose-answer';
      if (fault && fault.answer !== 'lose-answer') {
        fault.left--;
        if (fault.answer === 'hang') {
          hanging.add(res);
          return;
        }
        if (fault.answer === 'reset') {
          req.socket.destroy();
          return;
        }
        if ('json' in fault.answer) {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify(fault.answer.json(request)));
          return;
        }
        const { status, errorType, message = errorType } = fault.answer;
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-errortype': errorType,
        });
        res.end(JSON.stringify({ __type: `com.amazonaws#${errorType}`, message }));
        return;
      }
      const forward = http.request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (lost && fault) {
            fault.left--;
            answer.resume();
            answer.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Every request received, failed or forwarded, in order. */
    seen,
    fail(fault: Fault): void {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    async stop(): Promise<void> {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;
