import {
  Arn,
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { almaCallWorstCaseMs } from '../shared/adapters/alma/users-api';
import { FENCE_PK } from '../shared/adapters/dynamodb/import-fence';
import { DECISION_LINK_KEY_SECRET } from '../shared/app/context';
import { SES_FEEDBACK_TIMEOUT_SECONDS } from '../shared/app/feedback/ses-feedback';
import type { Config } from '../shared/config/schema';
import { STATUS_CHECK_TIMEOUT_SECONDS } from '../shared/domain/ports';
import { FUNCTION_ENTRIES } from './bundling';
import { AccountTable } from './constructs/account-table';
import { AlmaFunction } from './constructs/alma-function';
import { DeploymentConfig } from './constructs/deployment-config';
import { InboundMailRule } from './constructs/inbound-mail-rule';
import { JobSchedules } from './constructs/job-schedules';
import { Operations } from './constructs/operations';
import { RawMailBucket } from './constructs/raw-mail-bucket';
import { SesFeedback } from './constructs/ses-feedback';

export const STAGES = ['test', 'production'] as const;
export type Stage = (typeof STAGES)[number];

/** Where raw inbound mail is stored in the bucket; the inbound function reads `<prefix><messageId>`. */
export const RAW_MAIL_PREFIX = 'inbound/';

/** SecureString parameters live under this prefix; operators create them by hand. */
export const secretsPrefix = (stage: Stage) => `/alma-accounts/${stage}`;
export const configParameterName = (stage: Stage) => `/alma-accounts/${stage}/config`;
/** The SES configuration set every message of a stage names (bounces and complaints come back through it). */
export const configurationSetName = (stage: Stage) => `alma-accounts-${stage}`;

/** Names (below the secrets prefix) of the Alma API keys of this config's institutions. */
const almaApiKeySecrets = (config: Config) =>
  config.institutions.flatMap((i) => (i.almaApiKeySecret ? [i.almaApiKeySecret] : []));

/** Names (below the secrets prefix) of the Ex Libris status API credentials the monitor reads. */
const statusApiSecrets = (config: Config) =>
  config.monitor.environments.flatMap((e) =>
    e.sources.flatMap((s) => (s.kind === 'status-api' ? [s.credentialsSecret] : [])),
  );

/** Names (below the secrets prefix) of every secret this config needs an operator to create. */
export function requiredSecrets(config: Config): string[] {
  return [...new Set([DECISION_LINK_KEY_SECRET, ...almaApiKeySecrets(config), ...statusApiSecrets(config)])];
}

/**
 * Concurrency reserved for the decision page (the one public URL): a flood of requests is
 * throttled there (and alarmed on) instead of using up the account's concurrency, which the
 * inbound, notices and status-check functions need.
 */
export const DECISION_PAGE_CONCURRENCY = 5;

/** Invocations of the decision page in 5 minutes above which the operators are told (a flood, not people). */
export const DECISION_PAGE_INVOCATIONS_ALARM = 500;

/**
 * A function that may create an Alma user waits for Alma: a create can take two calls (look
 * the user up, then POST), each at worst `almaCallWorstCaseMs`; 30 s more for the store and SES.
 */
const almaBoundTimeout = (config: Config) =>
  Duration.seconds(Math.ceil((2 * almaCallWorstCaseMs(config.alma)) / 1000) + 30);

/** Newer CDK behaviours this stack relies on, set here so any app that creates it gets them. */
const FEATURE_FLAGS = {
  // Grant S3 log delivery by bucket policy (works with BucketOwnerEnforced) instead of ACLs.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
} as const;

export interface AlmaAccountsStackProps extends StackProps {
  config: Config;
  stage: Stage;
  /** Test-only: inline stub code instead of esbuild bundles (see AlmaFunction). */
  skipBundling?: boolean;
  /** How many of the table's GSIs to deploy (all by default): one more per update on an existing stack. */
  tableIndexes?: number;
}

/**
 * The whole suite: SES inbound mail → S3 → inbound function; scheduled notices and status
 * checks; the decision page; one table; alarms to the operators.
 */
export class AlmaAccountsStack extends Stack {
  readonly functions: Record<
    | 'InboundMailFunction'
    | 'NoticesFunction'
    | 'StatusCheckFunction'
    | 'DecisionPageFunction'
    | 'SesFeedbackFunction',
    AlmaFunction
  >;

  constructor(scope: Construct, id: string, props: AlmaAccountsStackProps) {
    super(scope, id, props);
    // Without a region the ARNs of SES identities, SSM parameters and KMS keys would be written
    // for whatever region the deployment happens to use; refuse instead of guessing.
    if (Token.isUnresolved(this.region)) {
      throw new Error(
        `${id}: no region. Set env.region (cdk synth: CDK_DEFAULT_REGION, AWS_REGION or --profile with a region).`,
      );
    }
    for (const [flag, value] of Object.entries(FEATURE_FLAGS)) this.node.setContext(flag, value);
    const { config, stage, skipBundling } = props;

    const { table } = new AccountTable(this, 'Accounts', { indexes: props.tableIndexes });
    const rawMail = new RawMailBucket(this, 'RawMail', { rawMailDays: config.retention.rawMailDays });

    // The From of every message; SES authorises sending on the domain identity of the mailbox.
    const mailDomain = config.mailbox.split('@')[1]!;
    const identityArn = Arn.format(
      {
        service: 'ses',
        resource: 'identity',
        resourceName: mailDomain,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      this,
    );
    const secrets = secretsPrefix(stage);

    const inbound = new AlmaFunction(this, 'InboundMailFunction', {
      entry: FUNCTION_ENTRIES.InboundMailFunction,
      description: 'Parses, validates and answers account requests mailed to the request mailbox',
      serviceName: 'inbound-mail',
      memorySize: 512,
      // An accepted request of an institution in auto mode creates its Alma user before answering.
      timeout: almaBoundTimeout(config),
      // SES invokes asynchronously: two retries, then the dead-letter queue (the raw mail stays in S3).
      asyncInvocation: { retryAttempts: 2, maxEventAge: Duration.hours(6) },
      // The path of a mail (S3 read, DynamoDB, SES, Alma) as one X-Ray trace (Powertools Tracer).
      tracing: true,
      skipBundling,
    });
    const notices = new AlmaFunction(this, 'NoticesFunction', {
      entry: FUNCTION_ENTRIES.NoticesFunction,
      description: 'Scheduled notices: expiry, yearly review, password rotation, deactivation list',
      serviceName: 'notices',
      memorySize: 512,
      // The 31 December review run settles every undecided account one by one (bench/year.ts:
      // 37 s for 2,000 volunteers here); the maximum leaves room, and a timed-out run is caught up.
      timeout: Duration.minutes(15),
      // A daily job is still useful hours later (and catches up missed days itself).
      asyncInvocation: { retryAttempts: 2, maxEventAge: Duration.hours(6) },
      skipBundling,
    });
    const statusCheck = new AlmaFunction(this, 'StatusCheckFunction', {
      entry: FUNCTION_ENTRIES.StatusCheckFunction,
      description: 'Checks Alma status sources and probes every 5 minutes; alerts on transitions',
      serviceName: 'status-check',
      memorySize: 256,
      timeout: Duration.seconds(STATUS_CHECK_TIMEOUT_SECONDS),
      // A check is stale once the next one is due: no retry, dropped after one interval.
      asyncInvocation: { retryAttempts: 0, maxEventAge: Duration.minutes(5) },
      skipBundling,
    });
    const decisionPage = new AlmaFunction(this, 'DecisionPageFunction', {
      entry: FUNCTION_ENTRIES.DecisionPageFunction,
      description: 'Yearly review decision page behind HMAC-signed links',
      serviceName: 'decision-page',
      memorySize: 256,
      // The Alma approval button waits for Alma to create the user (see almaBoundTimeout).
      timeout: almaBoundTimeout(config),
      // Invoked only through its URL (synchronously): no retries, no dead-letter queue.
      reservedConcurrentExecutions: DECISION_PAGE_CONCURRENCY,
      skipBundling,
    });
    const sesFeedback = new AlmaFunction(this, 'SesFeedbackFunction', {
      entry: FUNCTION_ENTRIES.SesFeedbackFunction,
      description: 'SES bounces and complaints: marks addresses, asks managers whether a person left',
      serviceName: 'ses-feedback',
      memorySize: 256,
      timeout: Duration.seconds(SES_FEEDBACK_TIMEOUT_SECONDS),
      // SNS invokes asynchronously: two retries (after the claim's lease), then the dead-letter queue.
      asyncInvocation: { retryAttempts: 2, maxEventAge: Duration.hours(6) },
      skipBundling,
    });
    this.functions = {
      InboundMailFunction: inbound,
      NoticesFunction: notices,
      StatusCheckFunction: statusCheck,
      DecisionPageFunction: decisionPage,
      SesFeedbackFunction: sesFeedback,
    };
    const mailSet = configurationSetName(stage);
    new SesFeedback(this, 'SesFeedback', { configurationSetName: mailSet, handler: sesFeedback });

    // Auth NONE: the page is opened from mailed links, each HMAC-signed and checked by the handler.
    const decisionUrl = decisionPage.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    const { parameter: configParameter } = new DeploymentConfig(this, 'Config', {
      config,
      parameterName: configParameterName(stage),
      decisionUrl: decisionUrl.url,
    });

    // Each grant is what the code behind the function does (test/integration/iam.test.ts runs each
    // handler, records every AWS call and checks it against these roles, and nothing more).
    const almaKeys = almaApiKeySecrets(config);
    // Seals the shared-account passwords between the rotation and the reveal (issue 30): the notices
    // function seals and opens (a retry sets the recorded password), the decision page only opens
    // (the reveal). Kept with the table: a retained record's ciphertext stays readable.
    const passwordKey = new Key(this, 'PasswordKey', {
      description: 'Encrypts the shared-account passwords until they are revealed or erased',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    inbound
      .bindTable(table, {
        // Ledger and idempotency records, requests, accounts; the import fence is a condition check;
        // a plan nothing of which was sent is dropped (DeleteItem).
        items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
        // Accounts by e-mail (GSI2); Ex Libris maintenance windows (the table's own key).
        query: { table: true, indexes: ['GSI2'] },
      })
      .bindRawMailBucket(rawMail.bucket, RAW_MAIL_PREFIX)
      .bindMailSender(config.mailbox, identityArn, mailSet)
      .bindSecrets(secrets, [DECISION_LINK_KEY_SECRET, ...almaKeys])
      .bindConfig(configParameterName(stage));
    notices
      .bindTable(table, {
        // Claims and their marks (BatchWriteItem), campaigns and their entries (BatchGetItem),
        // notices state, purges.
        items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'BatchGetItem'],
        // Accounts by end date (GSI1), institution (GSI3), deactivation date and shared accounts (GSI4).
        query: { table: true, indexes: ['GSI1', 'GSI3', 'GSI4'] },
      })
      .bindMailSender(config.mailbox, identityArn, mailSet)
      .bindSecrets(secrets, [DECISION_LINK_KEY_SECRET, ...almaKeys])
      .bindPasswordKey(passwordKey, ['kms:Encrypt', 'kms:Decrypt'])
      .bindConfig(configParameterName(stage));
    statusCheck
      .bindTable(table, {
        // Monitor state and history, alert claims; nothing else of the table.
        items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
        partitions: ['MONITOR', 'CLAIM', 'CLAIMMARK'],
        query: { table: true },
      })
      .bindMailSender(config.mailbox, identityArn, mailSet)
      .bindSecrets(secrets, [...almaKeys, ...statusApiSecrets(config)])
      .bindConfig(configParameterName(stage));
    // The internet-facing function: accounts (a close deletes the OPEN# marker), reviews, the mail
    // claims of an approval's follow-up mail (the helpdesk, the operators on a low quota); the
    // status page's monitor state. The portal: its sign-in links, limits and sessions; its forms
    // are requests (plans, requests, the inbound ledger, the import fence a create checks); its
    // lists read the accounts by e-mail (GSI2) and the portal indexes (GSI5-GSI9), the review's
    // decisions one by one (no batch action on this function), the latest drift report (REPORT) and
    // the forwarded mail (plans, GSI9). The password rotations (PWROT): a
    // reveal erases the sealed password, the helpdesk's confirmation marks the list approved. The
    // requesters' ratings (RATING): /rate writes one, /portal/ratings queries a month.
    decisionPage
      .bindTable(table, {
        items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
        partitions: [
          'ACCOUNT',
          'OPEN',
          'REVIEW',
          'CLAIM',
          'CLAIMMARK',
          'MONITOR',
          // ADDRESS: a bounce link reads whether the account's address still bounces.
          'ADDRESS',
          'REQUEST',
          'MESSAGE',
          'IDEMPOTENCY',
          'PORTALLINK',
          'PORTALRATE',
          'SESSION',
          'PWROT',
          // REPORT: the helpdesk reads the latest drift report.
          'REPORT',
          // RATING: a requester's rating of a finished request (its month's partition is queried by the portal).
          'RATING',
        ],
        exactPartitions: [FENCE_PK],
        query: { table: true, indexes: ['GSI2', 'GSI5', 'GSI6', 'GSI7', 'GSI8', 'GSI9'] },
      })
      .bindMailSender(config.mailbox, identityArn, mailSet)
      .bindSecrets(secrets, [DECISION_LINK_KEY_SECRET, ...almaKeys])
      .bindPasswordKey(passwordKey, ['kms:Decrypt'])
      .bindConfig(configParameterName(stage));

    // Bounces and complaints: address standings, history lines, the feedback and message claims
    // (a claim given back after a failure: DeleteItem); the managers' reachability (BatchGetItem);
    // accounts by e-mail (GSI2); the managers' links (the decision-link key).
    sesFeedback
      .bindTable(table, {
        items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem'],
        partitions: ['ADDRESS', 'ACCOUNT', 'CLAIM', 'CLAIMMARK'],
        query: { indexes: ['GSI2'] },
      })
      .bindMailSender(config.mailbox, identityArn, mailSet)
      .bindSecrets(secrets, [DECISION_LINK_KEY_SECRET])
      .bindConfig(configParameterName(stage));

    new InboundMailRule(this, 'InboundMail', {
      recipient: config.mailbox,
      bucket: rawMail.bucket,
      objectKeyPrefix: RAW_MAIL_PREFIX,
      handler: inbound.function,
    });

    const schedules = new JobSchedules(this, 'Jobs', {
      functions: { NoticesFunction: notices.function, StatusCheckFunction: statusCheck.function },
    });

    const operations = new Operations(this, 'Operations', {
      operators: config.alerts.operators,
      functions: this.functions,
      statusCheck,
      publicFunction: {
        name: 'DecisionPageFunction',
        function: decisionPage,
        invocationsAlarm: DECISION_PAGE_INVOCATIONS_ALARM,
      },
      deadLetterQueues: {
        ...Object.fromEntries(
          Object.entries(this.functions).flatMap(([name, f]) =>
            f.deadLetterQueue ? [[name, f.deadLetterQueue]] : [],
          ),
        ),
        Scheduler: schedules.deadLetterQueue,
      },
    });

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The accounts table' });
    new CfnOutput(this, 'RawMailBucketName', {
      value: rawMail.bucket.bucketName,
      description: 'Raw inbound mail (expires after retention.rawMailDays)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: operations.topic.topicArn,
      description: 'Alarm topic (operators subscribed by e-mail)',
    });
    new CfnOutput(this, 'DecisionUrl', {
      value: decisionUrl.url,
      description: 'Yearly review decision page',
    });
    new CfnOutput(this, 'ConfigParameterName', { value: configParameter.parameterName });
    new CfnOutput(this, 'PasswordKeyArn', {
      value: passwordKey.keyArn,
      description: 'Shared-account password key: PASSWORD_KEY_ID for alma-accounts --table passwords approve',
    });
    new CfnOutput(this, 'SecretsPrefix', {
      value: secrets,
      description: `Create these SecureString parameters under it: ${requiredSecrets(config).join(', ')}`,
    });
  }
}
