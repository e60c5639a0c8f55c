import { localTable, startDynamoDbLocal } from '../../local/dynamodb-local';
import { accountToItem } from '../../shared/adapters/dynamodb/account-store';
import { writeAll } from '../../shared/adapters/dynamodb/write-all';
import { anAccount } from '../../test/support/accounts';
const N = Number(process.argv[2] ?? 20000); const C = Number(process.argv[3] ?? 8);
const dynamo = await startDynamoDbLocal();
const db = await localTable(dynamo.endpoint, 'tbl');
const items: any[] = [];
for (let i = 0; i < N; i++) {
  const a = anAccount({ institution: 'LIB-A', email: `p${i}@x.example`, fullName: `P ${i}` });
  items.push({ PutRequest: { Item: { ...accountToItem(a), importId: 'X' } } });
  items.push({ PutRequest: { Item: { PK: `OPEN#LIB-A#p${i}@x.example`, SK: 'OPEN', accountId: a.id } } });
  items.push({ PutRequest: { Item: { PK: `ACCOUNT#${a.id}`, SK: `HISTORY#2027#${i}`, action: 'imported', actor: 'cli', reason: 'x' } } });
}
const t0 = performance.now();
await writeAll(db, 'tbl', items, { inFlight: C });
const ms = performance.now() - t0;
console.log(JSON.stringify({ N, C, ms: Math.round(ms), rowsPerS: Math.round(N / ms * 1000) }));
await dynamo.stop();
