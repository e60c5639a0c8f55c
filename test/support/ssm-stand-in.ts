import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for SSM Parameter Store (no local SSM here): GetParameter over the JSON 1.1
 * protocol (`X-Amz-Target: AmazonSSM.GetParameter`) and SSM's ParameterNotFound answer, so a
 * handler reads its config and secrets through the real SDK client and Powertools provider.
 */
export async function startSsmStandIn(parameters: Record<string, string>) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { Name?: string };
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (target !== 'AmazonSSM.GetParameter')
        return reply(400, { __type: 'InvalidAction', message: `${target} not served` });
      const value = parameters[input.Name ?? ''];
      if (value === undefined) return reply(400, { __type: 'ParameterNotFound', message: '' });
      reply(200, { Parameter: { Name: input.Name, Type: 'SecureString', Value: value, Version: 1 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop(): Promise<void> {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
