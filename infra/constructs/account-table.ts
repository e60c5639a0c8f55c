import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table';

/**
 * The single table, built from the same key/index/TTL constants the local runtime and the tests
 * use (shared/adapters/dynamodb/table.ts). It holds the only copy of the accounts: retained on
 * stack deletion, protected against deletion, with point-in-time recovery.
 */
export class AccountTable extends Construct {
  readonly table: Table;

  /**
   * `indexes`: how many of TABLE_INDEXES the table has (all by default). CloudFormation creates
   * or deletes one GSI per stack update, so a stack from before the portal takes GSI5–GSI9 in steps
   * (`cdk deploy -c indexes=6`, then 7, 8, 9, then without: README "Deploy").
   */
  constructor(scope: Construct, id: string, props: { indexes?: number } = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_INDEXES.slice(0, props.indexes ?? TABLE_INDEXES.length)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
