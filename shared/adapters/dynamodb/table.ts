/**
 * The single table's shape, defined once: the CDK stack, the local runtime and the tests
 * all create the table from this. Access patterns and their keys: README "Access patterns".
 */
export const TABLE_KEYS = { partitionKey: 'PK', sortKey: 'SK' } as const;

export const TABLE_INDEXES = [
  /** Accounts by end date (sparse: only accounts with an end date that are not closed). */
  { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Accounts by employee e-mail. */
  { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /** Accounts by institution. */
  { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  /** Accounts by deactivation date (sparse: only closure-requested accounts not yet closed). */
  { indexName: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  /*
   * The portal's lists, one page a Query (README "Portal"): each index is partitioned by
   * institution (accounts: open and closed apart; requests: by institution or by sender) and
   * sorted by one column.
   */
  /** Accounts by name; requests by date received. */
  { indexName: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK' },
  /** Accounts by e-mail address; a sender's own requests by date received. */
  { indexName: 'GSI6', partitionKey: 'GSI6PK', sortKey: 'GSI6SK' },
  /** Accounts by end date; requests by last change. */
  { indexName: 'GSI7', partitionKey: 'GSI7PK', sortKey: 'GSI7SK' },
  /** Accounts by type (employee type, then name): the volunteers are one range. */
  { indexName: 'GSI8', partitionKey: 'GSI8PK', sortKey: 'GSI8SK' },
  /** Accounts whose Alma user waits for a person (sparse: approval, link, failure), for the helpdesk. */
  { indexName: 'GSI9', partitionKey: 'GSI9PK', sortKey: 'GSI9SK' },
] as const;

export type IndexName = (typeof TABLE_INDEXES)[number]['indexName'];

/** Items with this attribute (epoch seconds) are deleted by DynamoDB TTL. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** CreateTable input for DynamoDB Local and for tests (the CDK stack mirrors it). */
export function createTableInput(tableName: string) {
  const attributeNames = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of TABLE_INDEXES) {
    attributeNames.add(index.partitionKey);
    attributeNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributeNames].map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
