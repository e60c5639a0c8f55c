import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../shared/metrics';
import { BUNDLE_EXTERNALS, CREATE_REQUIRE_BANNER, ESBUILD_OPTIONS } from '../bundling';
import { acknowledge, wildcardResourceFinding } from '../nag';

/** Namespace of the suite's custom metrics (Powertools Metrics reads it from the environment). */
export { METRICS_NAMESPACE };

/** Repository root: entries, package-lock.json and tsconfig.json are resolved from here. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The DynamoDB item actions a function may be granted (each one named: no `*`, no Scan, no streams). */
export type DynamoItemAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem'
  | 'BatchGetItem'
  | 'BatchWriteItem';

/** What a function's code does with the table: the item actions, where, and which queries. */
export interface TableAccess {
  items: readonly DynamoItemAction[];
  /**
   * Partition-key prefixes (`ACCOUNT` for `ACCOUNT#…`) the item actions are limited to
   * (dynamodb:LeadingKeys); all partitions when left out.
   */
  partitions?: readonly string[];
  /** Whole partition keys (`IMPORTS`, the import fence a create checks) added to `partitions`. */
  exactPartitions?: readonly string[];
  /** Query on the table's own key and/or on these indexes (none when left out). */
  query?: { table?: boolean; indexes?: readonly string[] };
}

/** How an asynchronously invoked function (SES, Scheduler) retries before its event is a dead letter. */
export interface AsyncInvocation {
  retryAttempts: number;
  maxEventAge: Duration;
}

/**
 * Days a dead letter is kept: SQS keeps a message at most 14 days (less than the 30 days raw
 * mail is kept), so the "dead letters ageing" alarm fires at DEAD_LETTER_AGE_ALARM_DAYS, well
 * before a letter is lost.
 */
export const DEAD_LETTER_RETENTION_DAYS = 14;
export const DEAD_LETTER_AGE_ALARM_DAYS = 3;

export interface AlmaFunctionProps {
  /** Handler file relative to the repository root, exporting `handler`. */
  entry: string;
  description: string;
  /** Powertools service name (logs, metrics dimension `service`). */
  serviceName: string;
  timeout?: Duration;
  memorySize?: number;
  /**
   * Retries and a dead-letter queue for asynchronous invocations; left out for a function only
   * ever invoked synchronously (the function URL), which gets neither.
   */
  asyncInvocation?: AsyncInvocation;
  /** Concurrency reserved for (and capping) this function. */
  reservedConcurrentExecutions?: number;
  /** X-Ray active tracing, for a function whose handler records its path with Powertools Tracer. */
  tracing?: boolean;
  /**
   * Test-only: deploy an inline stub instead of bundling the entry with esbuild. `cdk synth`
   * always bundles (infra/app.ts never sets it).
   */
  skipBundling?: boolean;
}

/**
 * The one way this app defines a Lambda function: Node 22 on arm64, an ESM bundle, its own log
 * group with retention, a role that can only write to that log group, a DLQ for failed async
 * invocations (SES and Scheduler both invoke asynchronously), and `bind…()` helpers that set
 * the environment variable and grant exactly what the code behind it needs.
 */
export class AlmaFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly deadLetterQueue: Queue | undefined;
  /** Powertools service name: the `service` dimension of the function's own metrics. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: AlmaFunctionProps) {
    super(scope, id);
    this.serviceName = props.serviceName;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    if (props.asyncInvocation) {
      this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      });
      acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'dlqHasNoDlq');
    }

    // Own role instead of AWSLambdaBasicExecutionRole: logs go to this log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      // Bundled: NodejsFunction writes index.mjs and prefixes `index.`; inline code is index.js.
      handler: props.skipBundling ? 'index.handler' : 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      ...(props.asyncInvocation
        ? {
            deadLetterQueue: this.deadLetterQueue,
            retryAttempts: props.asyncInvocation.retryAttempts,
            maxEventAge: props.asyncInvocation.maxEventAge,
          }
        : {}),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.tracing ? { tracing: Tracing.ACTIVE } : {}),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      },
      ...(props.skipBundling ? { code: Code.fromInline('exports.handler = async () => ({});') } : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: ESBUILD_OPTIONS.target,
        mainFields: ['module', 'main'],
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        // Stack traces map back to file:line without shipping the sources themselves.
        sourcesContent: false,
        banner: CREATE_REQUIRE_BANNER,
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
        // The SDK clients are bundled at the version we pin and test, not taken from the runtime
        // (see infra/bundling.ts).
        bundleAwsSDK: true,
        externalModules: [...BUNDLE_EXTERNALS],
        logLevel: LogLevel.ERROR,
      },
    });
    // Active tracing: CDK grants the X-Ray writes on * (they take no resource).
    if (props.tracing) acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', 'xrayTracing');
    acknowledge(this.function, 'AwsSolutions-L1', 'nodeRuntime');
  }

  private addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }

  /**
   * TABLE_NAME + exactly the item actions and queries the code uses: no Scan, no stream
   * actions, no index the code never queries, and where given only the listed partitions.
   */
  bindTable(table: ITable, access: TableAccess): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access.items.length) {
      this.function.addToRolePolicy(
        new PolicyStatement({
          actions: access.items.map((action) => `dynamodb:${action}`),
          resources: [table.tableArn],
          ...(access.partitions
            ? {
                conditions: {
                  'ForAllValues:StringLike': {
                    'dynamodb:LeadingKeys': [
                      ...access.partitions.map((prefix) => `${prefix}#*`),
                      ...(access.exactPartitions ?? []),
                    ],
                  },
                },
              }
            : {}),
        }),
      );
    }
    const queried = [
      ...(access.query?.table ? [table.tableArn] : []),
      ...(access.query?.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`),
    ];
    if (queried.length)
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: queried }));
    return this;
  }

  /** RAW_MAIL_BUCKET + RAW_MAIL_PREFIX + s3:GetObject under that prefix only (never write). */
  bindRawMailBucket(bucket: IBucket, prefix = 'inbound/'): this {
    this.addEnvironment('RAW_MAIL_BUCKET', bucket.bucketName);
    this.addEnvironment('RAW_MAIL_PREFIX', prefix);
    const objects = bucket.arnForObjects(`${prefix}*`);
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    acknowledge(this, wildcardResourceFinding(this, objects), 'rawMailObjects');
    return this;
  }

  /**
   * MAIL_FROM (+ SES_CONFIGURATION_SET) + the right to send on that identity (and set), only with that From address. The mailer
   * sends raw MIME through SES v2 SendEmail, which SES authorises as ses:SendRawEmail.
   */
  bindMailSender(fromAddress: string, identityArn: string, configurationSetName?: string): this {
    this.addEnvironment('MAIL_FROM', fromAddress);
    // Every message names the configuration set (bounces and complaints come back through it):
    // SES then authorises the send on the set too.
    if (configurationSetName) this.addEnvironment('SES_CONFIGURATION_SET', configurationSetName);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendRawEmail'],
        resources: [
          identityArn,
          ...(configurationSetName
            ? [
                Stack.of(this).formatArn({
                  service: 'ses',
                  resource: 'configuration-set',
                  resourceName: configurationSetName,
                }),
              ]
            : []),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
      }),
    );
    return this;
  }

  /**
   * SECRETS_PREFIX + ssm:GetParameter on each named secret under `<prefix>/` (nothing else under
   * it) and kms:Decrypt through SSM only.
   */
  bindSecrets(prefix: string, names: readonly string[]): this {
    this.addEnvironment('SECRETS_PREFIX', prefix);
    if (!names.length) return this;
    const stack = Stack.of(this);
    const base = prefix.replace(/^\/+|\/+$/g, '');
    const parameters = [...new Set(names)]
      .sort()
      .map((name) =>
        Arn.format({ service: 'ssm', resource: 'parameter', resourceName: `${base}/${name}` }, stack),
      );
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['ssm:GetParameter'], resources: parameters }),
    );
    // The aws/ssm key's id differs per account: any key, but only when SSM decrypts for us.
    const keys = Arn.format(
      { service: 'kms', resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
      stack,
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [keys],
        conditions: {
          StringEquals: {
            'kms:ViaService': `ssm.${stack.region}.${stack.urlSuffix}`,
            'kms:CallerAccount': stack.account,
          },
        },
      }),
    );
    acknowledge(this, wildcardResourceFinding(this, keys), 'ssmKmsKey');
    return this;
  }

  /**
   * PASSWORD_KEY_ID + the given actions on the stack's password key alone (issue 30), and only for
   * ciphertexts of shared-account passwords (the encryption context the SecretBox binds).
   */
  bindPasswordKey(key: IKey, actions: readonly ('kms:Encrypt' | 'kms:Decrypt')[]): this {
    this.addEnvironment('PASSWORD_KEY_ID', key.keyArn);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'shared-password' } },
      }),
    );
    return this;
  }

  /**
   * CONFIG_PARAMETER + ssm:GetParameter on that one parameter. Takes the literal name rather
   * than the parameter's Ref: the config embeds the decision page URL, so a Ref would make the
   * decision page function depend on itself.
   */
  bindConfig(parameterName: string): this {
    if (Token.isUnresolved(parameterName) || !parameterName.startsWith('/')) {
      throw new Error(`bindConfig needs a literal parameter name starting with '/', got ${parameterName}`);
    }
    this.addEnvironment('CONFIG_PARAMETER', parameterName);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          Arn.format(
            { service: 'ssm', resource: 'parameter', resourceName: parameterName.slice(1) },
            Stack.of(this),
          ),
        ],
      }),
    );
    return this;
  }
}
