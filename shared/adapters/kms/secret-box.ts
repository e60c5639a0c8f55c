import { DecryptCommand, EncryptCommand, KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import type { SecretBox } from '../../domain/ports';
import { withCallRecorder } from '../sdk-call-recorder';
import { requestTimeouts } from '../sdk-timeouts';

export const KMS_CLIENT_DEFAULTS = {
  maxAttempts: 3,
  ...requestTimeouts(5_000),
} satisfies KMSClientConfig;

export function createKmsClient(config: KMSClientConfig = {}): KMSClient {
  return withCallRecorder(new KMSClient({ ...KMS_CLIENT_DEFAULTS, ...config }));
}

let shared: KMSClient | undefined;

/** One KMS client per container, reused across invocations. */
export function defaultKmsClient(): KMSClient {
  shared ??= createKmsClient();
  return shared;
}

const VERSION = 'k1';

/**
 * Seals with the stack's KMS key (Encrypt, Decrypt: a password is far under KMS's 4 KiB); the
 * context is KMS's encryption context, so a ciphertext opens only for the record it was made for.
 * The function is granted kms:Encrypt and kms:Decrypt on that key alone (infra).
 */
export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly keyId: string,
    private readonly client: KMSClient = defaultKmsClient(),
  ) {}

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const { CiphertextBlob } = await this.client.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: context,
      }),
    );
    if (!CiphertextBlob) throw new Error('KMS answered no ciphertext');
    return `${VERSION}.${Buffer.from(CiphertextBlob).toString('base64url')}`;
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    const [version, body] = sealed.split('.');
    if (version !== VERSION || !body) throw new RangeError('not a KMS-sealed value');
    const { Plaintext } = await this.client.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(body, 'base64url'),
        EncryptionContext: context,
      }),
    );
    if (!Plaintext) throw new Error('KMS answered no plaintext');
    return Buffer.from(Plaintext).toString('utf8');
  }
}
