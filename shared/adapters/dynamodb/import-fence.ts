/*
 * The import fence (README "How `import` writes"):
 *   PK=IMPORTS  SK=FENCE#<institution>  importId, until (epoch ms), expiresAt (TTL)
 * While an import writes an institution's accounts it holds that institution's fence, a lease it
 * renews as it goes. Creating an account checks the fence in its transaction: the import can then
 * write its open-address items by batch writes (no condition each) after one consistent read,
 * and no create slips in between. A killed import's fence lapses on its own after the lease.
 */

export const FENCE_PK = 'IMPORTS';
export const fenceKey = (institution: string) => ({ PK: FENCE_PK, SK: `FENCE#${institution}` });

/** A fence holds this long unless renewed; a killed import blocks creates at most this long. */
export const FENCE_LEASE_MS = 60_000;
/** The import renews when less than this is left… */
export const FENCE_RENEW_BELOW_MS = 45_000;
/** …and writes nothing more once less than this is left (a write in flight lands well before). */
export const FENCE_WRITE_MARGIN_MS = 20_000;

/** The ConditionCheck a create adds to its transaction: no live fence on the institution. */
export function fenceCheck(tableName: string, institution: string, now = Date.now()) {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: fenceKey(institution),
      ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
      ExpressionAttributeNames: { '#until': 'until' },
      ExpressionAttributeValues: { ':now': now },
    },
  };
}
