import { inject } from 'vitest';
import { LOCAL_AWS, localTable } from '../../local/dynamodb-local';
import type { Documents } from '../../shared/adapters/dynamodb/documents';
import { sesClient as localSesClient, type SesOptions } from '../../shared/adapters/ses/mailer';

let counter = 0;

/** A fresh table in the run's DynamoDB Local, so test files never see each other's items. */
export async function freshTable(): Promise<{
  client: Documents;
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

export function sesClient(options: SesOptions = {}) {
  return localSesClient({ endpoint: inject('sesEndpoint'), ...LOCAL_AWS, ...options });
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

/** What the local SES server has accepted so far. */
export async function sesStore(): Promise<SentMail[]> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const body = (await response.json()) as { emails: SentMail[] };
  return body.emails;
}

export async function clearSesStore(): Promise<void> {
  await fetch(`${inject('sesEndpoint')}/clear-store`, { method: 'POST' });
}
