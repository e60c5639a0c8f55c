import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface RawMailBucketProps {
  /** Days a raw mail is kept (config.retention.rawMailDays). */
  rawMailDays: number;
  /** Days server access logs are kept. */
  accessLogDays?: number;
}

/**
 * Where SES stores each inbound mail as raw MIME (under `inbound/`, written by the receipt
 * rule's S3 action, which also adds the `ses.amazonaws.com` bucket policy conditioned on
 * aws:SourceAccount). Mail holds personal data: private, TLS-only, encrypted, expired after
 * `rawMailDays`, no versions kept; access is logged to a separate bucket.
 */
export class RawMailBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogBucket: Bucket;

  constructor(scope: Construct, id: string, props: RawMailBucketProps) {
    super(scope, id);

    // Server access logs only support SSE-S3 on the target bucket.
    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogDays ?? 90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogBucket, 'AwsSolutions-S1', 'logBucketNoLogs');

    this.bucket = new Bucket(this, 'Bucket', {
      // SSE-S3: SES's S3 action can write without a KMS key policy, and nothing but our own
      // function (and SES) can read the bucket anyway.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-raw-mail',
          expiration: Duration.days(props.rawMailDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'raw-mail/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
