import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, ensureTable, LOCAL_AWS, startDynamoDbLocal } from '../../local/dynamodb-local';
import { DYNAMODB_CLIENT_DEFAULTS } from '../../shared/adapters/dynamodb/client';
import { createTableInput, TABLE_INDEXES } from '../../shared/adapters/dynamodb/table';

describe('a local table kept from before the portal', () => {
  // A DynamoDB Local of its own: the shared one builds indexes behind the other tests' work (its
  // background thread took over a minute in a full run; about a second each when it is idle).
  let dynamo: DynamoDbLocal;
  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
  });
  afterAll(() => dynamo?.stop());

  it('gets the indexes added since when the runtime starts on it', async () => {
    // Prepare: the table as an older version created it (GSI1–GSI4).
    const client = new DynamoDBClient({
      ...DYNAMODB_CLIENT_DEFAULTS,
      endpoint: dynamo.endpoint,
      ...LOCAL_AWS,
    });
    const tableName = `old-${process.pid}-${Date.now()}`;
    const input = createTableInput(tableName);
    const old = input.GlobalSecondaryIndexes.slice(0, 4);
    const oldNames = new Set<string>([
      'PK',
      'SK',
      ...old.flatMap((i) => i.KeySchema.map((k) => k.AttributeName)),
    ]);
    await client.send(
      new CreateTableCommand({
        ...input,
        GlobalSecondaryIndexes: old,
        AttributeDefinitions: input.AttributeDefinitions.filter((a) => oldNames.has(a.AttributeName)),
      }),
    );
    // Act
    await ensureTable(client, tableName);
    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
      TABLE_INDEXES.map((i) => i.indexName).sort(),
    );
  }, 240_000);
});
