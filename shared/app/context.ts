import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDbAccountStore } from '../adapters/dynamodb/account-store';
import { DynamoDbClaimStore } from '../adapters/dynamodb/claim-store';
import type { DynamoDBDocument } from '../adapters/dynamodb/client';
import type { Config } from '../config/schema';
import type { AccountStore, ClaimStore, Mailer, SecretReader } from '../domain/ports';
import type { JobName } from '../schedules';

/**
 * Everything a use case needs, built once per container (Lambda) or process (CLI, local
 * runtime). Use cases take it as an argument, so tests and the CLI wire the same code.
 */
export interface AppContext {
  config: Config;
  tableName: string;
  db: DynamoDBDocument;
  accounts: AccountStore;
  claims: ClaimStore;
  mailer: Mailer;
  secrets: SecretReader;
  logger: Logger;
  /**
   * Milliseconds of wall-clock time left before Lambda stops this invocation
   * (`context.getRemainingTimeInMillis()`), for a use case that should stop starting new work
   * and leave the rest to the retry. Set per invocation by the Lambda handlers only; absent in
   * the CLI, the local runtime and tests, where nothing cuts a run short.
   */
  remainingTimeMs?: () => number;
}

/** The table part of an AppContext, wired the same way by the Lambdas, the CLI, the local runtime, tests and benches. */
export function tableContext(
  db: DynamoDBDocument,
  tableName: string,
): Pick<AppContext, 'tableName' | 'db' | 'accounts' | 'claims'> {
  return {
    tableName,
    db,
    accounts: new DynamoDbAccountStore(db, tableName),
    claims: new DynamoDbClaimStore(db, tableName),
  };
}

/** What a scheduled job reports (printed by `alma-accounts run`, logged by the Lambda). */
export interface JobReport {
  job: JobName;
  now: string;
  /** Messages sent by this run. */
  sent: number;
  /** DynamoDB items read by this run's queries. */
  itemsRead: number;
  [detail: string]: unknown;
}

/** The secret holding the HMAC key of the yearly-review decision links. */
export const DECISION_LINK_KEY_SECRET = 'decision-link-key';
