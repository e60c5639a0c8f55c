import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretReader } from '../../domain/ports';
import { NotFoundError } from '../../errors';

/**
 * Local secrets: a JSON object `{ name: value }` in the data dir (mode 0600). Names listed in
 * `generated` (e.g. the decision-link HMAC key) are created with 32 random bytes on first use.
 */
export class FileSecretReader implements SecretReader {
  constructor(
    private readonly file: string,
    private readonly generated: readonly string[] = [],
  ) {}

  async get(name: string): Promise<string> {
    const secrets = this.read();
    const value = secrets[name];
    if (value !== undefined) return value;
    if (this.generated.includes(name)) {
      secrets[name] = randomBytes(32).toString('base64url');
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
      return secrets[name];
    }
    throw new NotFoundError(`secret "${name}" is not in ${this.file}`);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
  }
}
