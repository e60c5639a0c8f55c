import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable, LOCAL_AWS } from '../../local/dynamodb-local';
import { DYNAMODB_CLIENT_DEFAULTS } from '../../shared/adapters/dynamodb/client';
import { createTableInput, TABLE_INDEXES } from '../../shared/adapters/dynamodb/table';

describe('a local table kept from before the portal', () => {
  it('gets the indexes added since when the runtime starts on it', async () => {
    // Prepare: the table as an older version created it (GSI1–GSI4).
    const client = new DynamoDBClient({
      ...DYNAMODB_CLIENT_DEFAULTS,
      endpoint: inject('dynamoEndpoint'),
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
    // DynamoDB Local builds the five indexes one after another (about a second each when quiet).
  }, 120_000);
});
