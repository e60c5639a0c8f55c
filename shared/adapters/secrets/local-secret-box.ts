import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox, SecretReader } from '../../domain/ports';

/** The secret (in the data dir's secrets.json, made on first use) holding the local box's AES key. */
export const SECRET_BOX_KEY_SECRET = 'secret-box-key';

const VERSION = 'l1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The context as GCM's associated data: sorted, so the same context always gives the same bytes. */
export function contextBytes(context: Record<string, string>): Buffer {
  return Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * The local stand-in for KMS: AES-256-GCM (node:crypto) with a 32-byte key from the secrets
 * file, the context bound as associated data. `l1.<iv>.<ciphertext+tag>`, base64url.
 */
export class LocalSecretBox implements SecretBox {
  constructor(
    private readonly secrets: SecretReader,
    private readonly keyName = SECRET_BOX_KEY_SECRET,
  ) {}

  private async key(): Promise<Buffer> {
    const key = Buffer.from(await this.secrets.get(this.keyName), 'base64url');
    if (key.length !== 32) throw new RangeError(`secret "${this.keyName}" is not a 32-byte key`);
    return key;
  }

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.key(), iv);
    cipher.setAAD(contextBytes(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    const [version, iv, body] = sealed.split('.');
    if (version !== VERSION || !iv || !body) throw new RangeError('not a locally sealed value');
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', await this.key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}
