import type { SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { inject } from 'vitest';
import { LOCAL_AWS, localTable } from '../../local/dynamodb-local';
import type { DynamoDBDocument } from '../../shared/adapters/dynamodb/client';
import { createSesClient } from '../../shared/adapters/ses/client';

let counter = 0;

/** A fresh table in the run's DynamoDB Local, so test files never see each other's items. */
export async function freshTable(): Promise<{
  client: DynamoDBDocument;
  tableName: string;
  endpoint: string;
}> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `test-${process.pid}-${Date.now()}-${counter++}`;
  return {
    client: await localTable(endpoint, tableName),
    tableName,
    endpoint,
  };
}

/** The test file's own local SES server (test/support/ses-per-file.ts). */
export function sesEndpoint(): string {
  const endpoint = process.env.TEST_SES_ENDPOINT;
  if (!endpoint) throw new Error('no local SES: the file runs outside the integration project');
  return endpoint;
}

/** An SES v2 client of the file's local SES server. */
export function sesClient(config: SESv2ClientConfig = {}) {
  return createSesClient({ endpoint: sesEndpoint(), ...LOCAL_AWS, ...config });
}

export interface SentMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

/** What the local SES server (the file's own, unless another's endpoint is given) has accepted so far. */
export async function sesStore(endpoint = sesEndpoint()): Promise<SentMail[]> {
  const response = await fetch(`${endpoint}/store`);
  const body = (await response.json()) as { emails: SentMail[] };
  return body.emails;
}

export async function clearSesStore(): Promise<void> {
  await fetch(`${sesEndpoint()}/clear-store`, { method: 'POST' });
}
