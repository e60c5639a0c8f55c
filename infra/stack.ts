import { Arn, ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { DECISION_LINK_KEY_SECRET } from '../shared/app/context';
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

export const STAGES = ['test', 'production'] as const;
export type Stage = (typeof STAGES)[number];

/** Where raw inbound mail is stored in the bucket; the inbound function reads `<prefix><messageId>`. */
export const RAW_MAIL_PREFIX = 'inbound/';

/** SecureString parameters live under this prefix; operators create them by hand. */
export const secretsPrefix = (stage: Stage) => `/alma-accounts/${stage}`;
export const configParameterName = (stage: Stage) => `/alma-accounts/${stage}/config`;

/** Names (below the secrets prefix) of every secret this config needs an operator to create. */
export function requiredSecrets(config: Config): string[] {
  const names = new Set<string>([DECISION_LINK_KEY_SECRET]);
  for (const institution of config.institutions) {
    if (institution.almaApiKeySecret) names.add(institution.almaApiKeySecret);
  }
  for (const environment of config.monitor.environments) {
    for (const source of environment.sources)
      if (source.kind === 'status-api') names.add(source.credentialsSecret);
  }
  return [...names];
}

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
}

/**
 * The whole suite: SES inbound mail → S3 → inbound function; scheduled notices and status
 * checks; the decision page; one table; alarms to the operators.
 */
export class AlmaAccountsStack extends Stack {
  readonly functions: Record<
    'InboundMailFunction' | 'NoticesFunction' | 'StatusCheckFunction' | 'DecisionPageFunction',
    AlmaFunction
  >;

  constructor(scope: Construct, id: string, props: AlmaAccountsStackProps) {
    super(scope, id, props);
    for (const [flag, value] of Object.entries(FEATURE_FLAGS)) this.node.setContext(flag, value);
    const { config, stage, skipBundling } = props;

    const { table } = new AccountTable(this, 'Accounts');
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
      timeout: Duration.seconds(60),
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
      skipBundling,
    });
    const statusCheck = new AlmaFunction(this, 'StatusCheckFunction', {
      entry: FUNCTION_ENTRIES.StatusCheckFunction,
      description: 'Checks Alma status sources and probes every 5 minutes; alerts on transitions',
      serviceName: 'status-check',
      memorySize: 256,
      timeout: Duration.seconds(STATUS_CHECK_TIMEOUT_SECONDS),
      skipBundling,
    });
    const decisionPage = new AlmaFunction(this, 'DecisionPageFunction', {
      entry: FUNCTION_ENTRIES.DecisionPageFunction,
      description: 'Yearly review decision page behind HMAC-signed links',
      serviceName: 'decision-page',
      memorySize: 256,
      // The Alma approval button waits for Alma (10 s per attempt, retried on 429/5xx).
      timeout: Duration.seconds(60),
      skipBundling,
    });
    this.functions = {
      InboundMailFunction: inbound,
      NoticesFunction: notices,
      StatusCheckFunction: statusCheck,
      DecisionPageFunction: decisionPage,
    };

    // Auth NONE: the page is opened from mailed links, each HMAC-signed and checked by the handler.
    const decisionUrl = decisionPage.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    const { parameter: configParameter } = new DeploymentConfig(this, 'Config', {
      config,
      parameterName: configParameterName(stage),
      decisionUrl: decisionUrl.url,
    });

    inbound
      .bindTable(table, 'readwrite')
      .bindRawMailBucket(rawMail.bucket, RAW_MAIL_PREFIX)
      .bindMailSender(config.mailbox, identityArn)
      .bindSecrets(secrets)
      .bindConfig(configParameterName(stage));
    notices
      .bindTable(table, 'readwrite')
      .bindMailSender(config.mailbox, identityArn)
      .bindSecrets(secrets)
      .bindConfig(configParameterName(stage));
    statusCheck
      .bindTable(table, 'readwrite')
      .bindMailSender(config.mailbox, identityArn)
      .bindSecrets(secrets)
      .bindConfig(configParameterName(stage));
    // An approval clicked on the page creates the Alma user, then mails the helpdesk (and the operators on a low quota).
    decisionPage
      .bindTable(table, 'readwrite')
      .bindMailSender(config.mailbox, identityArn)
      .bindSecrets(secrets)
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
      deadLetterQueues: {
        ...Object.fromEntries(Object.entries(this.functions).map(([name, f]) => [name, f.deadLetterQueue])),
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
    new CfnOutput(this, 'SecretsPrefix', {
      value: secrets,
      description: `Create these SecureString parameters under it: ${requiredSecrets(config).join(', ')}`,
    });
  }
}
