import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
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

/** Namespace of the suite's custom metrics (Powertools Metrics reads it from the environment). */

export interface AlmaFunctionProps {
  /** Handler file relative to the repository root, exporting `handler`. */
  entry: string;
  description: string;
  /** Powertools service name (logs, metrics dimension `service`). */
  serviceName: string;
  timeout?: Duration;
  memorySize?: number;
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
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AlmaFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'dlqHasNoDlq');

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
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
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
    acknowledge(this.function, 'AwsSolutions-L1', 'nodeRuntime');
  }

  private addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }

  /** TABLE_NAME + read or read/write on the table and its indexes. */
  bindTable(table: ITable, access: 'read' | 'readwrite'): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    acknowledge(this, wildcardResourceFinding(this, `${table.tableArn}/index/*`), 'tableIndexes');
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

  /** MAIL_FROM + ses:SendEmail/SendRawEmail on that identity, only with that From address. */
  bindMailSender(fromAddress: string, identityArn: string): this {
    this.addEnvironment('MAIL_FROM', fromAddress);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identityArn],
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
      }),
    );
    return this;
  }

  /** SECRETS_PREFIX + ssm:GetParameter under `<prefix>/` and kms:Decrypt through SSM only. */
  bindSecrets(prefix: string): this {
    this.addEnvironment('SECRETS_PREFIX', prefix);
    const stack = Stack.of(this);
    const parameters = Arn.format(
      { service: 'ssm', resource: 'parameter', resourceName: `${prefix.replace(/^\/+|\/+$/g, '')}/*` },
      stack,
    );
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameters] }),
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
    acknowledge(this, wildcardResourceFinding(this, parameters), 'ssmSecretsPrefix');
    acknowledge(this, wildcardResourceFinding(this, keys), 'ssmKmsKey');
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
