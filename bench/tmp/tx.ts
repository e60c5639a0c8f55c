import { localTable, startDynamoDbLocal } from '../../local/dynamodb-local';
import { accountToItem } from '../../shared/adapters/dynamodb/account-store';
import { anAccount } from '../../test/support/accounts';
const N = Number(process.argv[2] ?? 20000); const C = Number(process.argv[3] ?? 4); const PER = Number(process.argv[4] ?? 33);
const dynamo = await startDynamoDbLocal();
const db = await localTable(dynamo.endpoint, 'tbl');
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: C }, async () => {
  for (;;) {
    const start = next; if (start >= N) return; next += PER;
    const items: any[] = [];
    for (let i = start; i < Math.min(N, start + PER); i++) {
      const a = anAccount({ institution: 'LIB-A', email: `p${i}@x.example`, fullName: `P ${i}` });
      items.push({ Put: { TableName: 'tbl', Item: { ...accountToItem(a), importId: 'X' }, ConditionExpression: 'attribute_not_exists(PK)' } });
      items.push({ Put: { TableName: 'tbl', Item: { PK: `OPEN#LIB-A#p${i}@x.example`, SK: 'OPEN', accountId: a.id }, ConditionExpression: 'attribute_not_exists(PK)' } });
      items.push({ Put: { TableName: 'tbl', Item: { PK: `ACCOUNT#${a.id}`, SK: `HISTORY#2027#${i}`, action: 'imported', actor: 'cli', reason: 'x' } } });
    }
    await db.transactWrite({ TransactItems: items });
  }
}));
const ms = performance.now() - t0;
console.log(JSON.stringify({ N, C, PER, ms: Math.round(ms), rowsPerS: Math.round(N / ms * 1000) }));
await dynamo.stop();
