import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { FileSecretReader } from '../../shared/adapters/secrets/file-secrets';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import {
  type AppContext,
  appContext,
  DECISION_LINK_KEY_SECRET,
  SECRET_BOX_KEY_SECRET,
} from '../../shared/app/context';
import { parseConfig } from '../../shared/config/load';
import type { Config } from '../../shared/config/schema';
import { freshTable, sesClient } from './services';

/** The corpus's institutions and mailbox, as a full config (defaults for the rest). */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return parseConfig(
    JSON.stringify({
      mailbox: 'accounts@helpdesk.example.org',
      helpdesk: 'helpdesk@helpdesk.example.org',
      trainingCoordinators: ['training@helpdesk.example.org'],
      alerts: { recipients: ['alerts@helpdesk.example.org'], operators: ['ops@helpdesk.example.org'] },
      institutions: [
        {
          code: 'LIB-A',
          name: 'Library A',
          language: 'fr',
          managers: ['anne.dubois@lib-a.example'],
          senderDomains: ['lib-a.example'],
        },
        {
          code: 'LIB-B',
          name: 'Library B',
          language: 'nl',
          managers: ['koen.maes@lib-b.example'],
          senderDomains: ['lib-b.example'],
        },
      ],
      ...overrides,
    }),
  );
}

/**
 * A real context: a fresh table in DynamoDB Local, SES mail through the local SES server,
 * secrets in a temporary folder. `dataDir` is that folder.
 */
export async function testContext(config: Config = testConfig()): Promise<AppContext & { dataDir: string }> {
  const { client, tableName } = await freshTable();
  const dataDir = mkdtempSync(join(tmpdir(), 'alma-test-'));
  return {
    ...appContext({
      config,
      db: client,
      tableName,
      mailer: new SesMailer(sesClient(), config.mailbox),
      secrets: new FileSecretReader(join(dataDir, 'secrets.json'), [
        DECISION_LINK_KEY_SECRET,
        SECRET_BOX_KEY_SECRET,
      ]),
      // Quiet unless asked (LOG_LEVEL=INFO npm test): the privacy test captures a real logger's lines itself.
      logger: new Logger({
        serviceName: 'test',
        logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'SILENT',
      }),
    }),
    dataDir,
  };
}
