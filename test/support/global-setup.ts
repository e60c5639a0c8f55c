import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { type LocalSes, startLocalSes } from '../../local/ses-local';

/** Real local services for the integration tests, started once per run on loopback ports. */
let dynamo: DynamoDbLocal | undefined;
let ses: LocalSes | undefined;

export async function setup(project: TestProject) {
  [dynamo, ses] = await Promise.all([startDynamoDbLocal(), startLocalSes()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
}

export async function teardown() {
  await Promise.all([dynamo?.stop(), ses?.stop()]);
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}
