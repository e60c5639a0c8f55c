import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawMailStore } from '../../domain/ports';
import { NotFoundError } from '../../errors';

/** Local stand-in for the raw-mail bucket: one `.eml` file per messageId in the data dir. */
export class FileRawMailStore implements RawMailStore {
  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
  }

  private path(messageId: string): string {
    // Message ids may hold any character; the file name must not.
    return join(this.folder, `${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}.eml`);
  }

  async get(messageId: string): Promise<Uint8Array> {
    try {
      return readFileSync(this.path(messageId));
    } catch (error) {
      throw new NotFoundError(`raw mail ${messageId} not in ${this.folder}`, { cause: error });
    }
  }

  async put(messageId: string, raw: Uint8Array): Promise<void> {
    writeFileSync(this.path(messageId), raw, { mode: 0o600 });
  }
}
