import type { Logger } from '@aws-lambda-powertools/logger';
import { httpAlmaUsers } from '../adapters/alma/users-api';
import { DynamoDbAccountStore } from '../adapters/dynamodb/account-store';
import { DynamoDbClaimStore } from '../adapters/dynamodb/claim-store';
import type { DynamoDBDocument } from '../adapters/dynamodb/client';
import { DynamoDbMailFeedbackStore } from '../adapters/dynamodb/feedback-store';
import { DynamoDbAccountImportStore } from '../adapters/dynamodb/import-store';
import { PowertoolsInboundLedger } from '../adapters/dynamodb/inbound-ledger';
import { DynamoDbMonitorStore } from '../adapters/dynamodb/monitor-store';
import { DynamoDbPortalStore } from '../adapters/dynamodb/portal-store';
import { DynamoDbRatingStore } from '../adapters/dynamodb/rating-store';
import { DynamoDbReportStore } from '../adapters/dynamodb/report-store';
import { DynamoDbRequestStore } from '../adapters/dynamodb/request-store';
import { DynamoDbNoticeStateStore, DynamoDbReviewStore } from '../adapters/dynamodb/review-store';
import { DynamoDbRotationStore } from '../adapters/dynamodb/rotation-store';
import { httpStatusProbes } from '../adapters/http/status-probes';
import { LocalSecretBox } from '../adapters/secrets/local-secret-box';
import type { Config } from '../config/schema';
import type {
  AccountImportStore,
  AccountStore,
  AlmaUsers,
  ClaimStore,
  InboundLedger,
  Mailer,
  MailFeedbackStore,
  MonitorStore,
  NoticeStateStore,
  PasswordRotationStore,
  PortalStore,
  RatingStore,
  ReportStore,
  RequestStore,
  ReviewDecisionStore,
  SecretBox,
  SecretReader,
  StatusProbes,
} from '../domain/ports';
import type { JobName } from '../schedules';

/**
 * Everything a use case needs, built once per container (Lambda) or process (CLI, local
 * runtime). Use cases take it as an argument and reach the outside world only through its
 * ports, so tests and the CLI wire the same code.
 */
export interface AppContext {
  config: Config;
  tableName: string;
  db: DynamoDBDocument;
  accounts: AccountStore;
  /** Bulk import (CLI): batched transactions under a marker, rolled back when interrupted. */
  imports: AccountImportStore;
  claims: ClaimStore;
  requests: RequestStore;
  inbound: InboundLedger;
  reviews: ReviewDecisionStore;
  noticeState: NoticeStateStore;
  /** What SES told of each address (bounces, complaints). */
  feedback: MailFeedbackStore;
  monitor: MonitorStore;
  /** The portal's sign-in links, sessions and lists. */
  portal: PortalStore;
  /** The requesters' ratings of finished requests (issue 29). */
  ratings: RatingStore;
  /** The yearly shared-account password rotations (issue 30). */
  rotations: PasswordRotationStore;
  /** The latest weekly reports (the drift report), read by the helpdesk in the portal. */
  reports: ReportStore;
  /** Seals the rotated passwords at rest (KMS in AWS, a local AES key otherwise). */
  secretBox: SecretBox;
  probes: StatusProbes;
  /** Alma's Users API of every institution (provisioning, drift report). */
  alma: AlmaUsers;
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

export type TableStores = Pick<
  AppContext,
  | 'tableName'
  | 'db'
  | 'accounts'
  | 'imports'
  | 'claims'
  | 'requests'
  | 'inbound'
  | 'reviews'
  | 'noticeState'
  | 'feedback'
  | 'monitor'
  | 'portal'
  | 'ratings'
  | 'rotations'
  | 'reports'
>;

/** The table part of an AppContext, wired the same way by the Lambdas, the CLI, the local runtime, tests and benches. */
export function tableContext(db: DynamoDBDocument, tableName: string): TableStores {
  return {
    tableName,
    db,
    accounts: new DynamoDbAccountStore(db, tableName),
    imports: new DynamoDbAccountImportStore(db, tableName),
    claims: new DynamoDbClaimStore(db, tableName),
    requests: new DynamoDbRequestStore(db, tableName),
    inbound: new PowertoolsInboundLedger(db, tableName),
    reviews: new DynamoDbReviewStore(db, tableName),
    noticeState: new DynamoDbNoticeStateStore(db, tableName),
    feedback: new DynamoDbMailFeedbackStore(db, tableName),
    monitor: new DynamoDbMonitorStore(db, tableName),
    portal: new DynamoDbPortalStore(db, tableName),
    ratings: new DynamoDbRatingStore(db, tableName),
    rotations: new DynamoDbRotationStore(db, tableName),
    reports: new DynamoDbReportStore(db, tableName),
  };
}

/**
 * A whole AppContext from its parts: the one wiring the Lambdas, the CLI, the local runtime,
 * tests and benches share (`fetch` replaces the monitor's HTTP client in tests).
 */
export function appContext(parts: {
  config: Config;
  db: DynamoDBDocument;
  tableName: string;
  mailer: Mailer;
  secrets: SecretReader;
  logger: Logger;
  fetch?: typeof fetch;
  /** KMS in AWS; locally (default) AES-256-GCM with the secrets' `secret-box-key`. */
  secretBox?: SecretBox;
}): AppContext {
  const { config, db, tableName, mailer, secrets, logger } = parts;
  return {
    config,
    ...tableContext(db, tableName),
    probes: httpStatusProbes(config, secrets, parts.fetch),
    alma: httpAlmaUsers(config, secrets, parts.fetch ? { fetch: parts.fetch } : {}),
    mailer,
    secrets,
    secretBox: parts.secretBox ?? new LocalSecretBox(secrets),
    logger,
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

/** The local secret box's AES key (made on first use in the data dir's secrets.json). */
export { SECRET_BOX_KEY_SECRET } from '../adapters/secrets/local-secret-box';
