import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for KMS (no local KMS here): Encrypt and Decrypt over the JSON 1.1 protocol
 * (`X-Amz-Target: TrentService.Encrypt`), AES-256-GCM with the encryption context as associated
 * data, so a ciphertext opens only with the context it was sealed with (InvalidCiphertextException
 * otherwise), as KMS does. Only the keys it was given exist.
 */
export async function startKmsStandIn(keyIds: readonly string[]) {
  const material = new Map(keyIds.map((id) => [id, randomBytes(32)]));
  const aad = (context: Record<string, string> | undefined) =>
    Buffer.from(JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => a.localeCompare(b))));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        KeyId?: string;
        Plaintext?: string;
        CiphertextBlob?: string;
        EncryptionContext?: Record<string, string>;
      };
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const key = material.get(input.KeyId ?? '');
      if (!key)
        return reply(400, { __type: 'NotFoundException', message: `Key '${input.KeyId}' does not exist` });
      if (target === 'TrentService.Encrypt') {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(input.EncryptionContext));
        const body = Buffer.concat([
          cipher.update(Buffer.from(input.Plaintext ?? '', 'base64')),
          cipher.final(),
        ]);
        const blob = Buffer.concat([iv, cipher.getAuthTag(), body]);
        return reply(200, { CiphertextBlob: blob.toString('base64'), KeyId: input.KeyId });
      }
      if (target === 'TrentService.Decrypt') {
        try {
          const blob = Buffer.from(input.CiphertextBlob ?? '', 'base64');
          const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12))
            .setAAD(aad(input.EncryptionContext))
            .setAuthTag(blob.subarray(12, 28));
          const plain = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
          return reply(200, { Plaintext: plain.toString('base64'), KeyId: input.KeyId });
        } catch {
          return reply(400, { __type: 'InvalidCiphertextException', message: '' });
        }
      }
      reply(400, { __type: 'InvalidAction', message: `${target} not served` });
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
