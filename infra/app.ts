import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TABLE_INDEXES } from '../shared/adapters/dynamodb/table';
import { configProblems } from '../shared/config/schema';
import { AlmaAccountsStack, STAGES, type Stage } from './stack';

/**
 * `cdk synth -c config=config/production.json -c stage=production`. The config file is
 * validated with the same schema the functions use; every problem is printed before exiting.
 */
const app = new App();
const configPath: string = app.node.tryGetContext('config') ?? 'config/example.json';
const stage: string = app.node.tryGetContext('stage') ?? 'test';

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

if (!(STAGES as readonly string[]).includes(stage)) {
  fail([`stage: "${stage}" is not one of ${STAGES.join(', ')} (-c stage=…)`]);
}

let raw: unknown;
try {
  raw = JSON.parse(readFileSync(configPath, 'utf8'));
} catch (error) {
  fail([`${configPath}: ${(error as Error).message}`]);
}
const { config, problems } = configProblems(raw);
if (!config) fail([`${configPath}: ${problems.length} problem(s)`, ...problems.map((p) => `  ${p}`)]);

// The region must be chosen: with none configured the cdk CLI still sets CDK_DEFAULT_REGION, to
// us-east-1, and every SES, SSM and KMS ARN would silently name it.
const region: string | undefined =
  app.node.tryGetContext('region') || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
if (!region) {
  fail([
    'no region: set AWS_REGION (or -c region=<region>) before cdk synth/deploy;',
    '  the SES identity, SSM parameter and KMS key ARNs of the stack name it.',
  ]);
}

// An existing stack takes new GSIs one deploy at a time (CloudFormation's limit): -c indexes=N.
const indexesContext: unknown = app.node.tryGetContext('indexes');
const tableIndexes = indexesContext === undefined ? undefined : Number(indexesContext);
if (
  tableIndexes !== undefined &&
  !(Number.isInteger(tableIndexes) && tableIndexes >= 4 && tableIndexes <= TABLE_INDEXES.length)
) {
  fail([
    `indexes: "${String(indexesContext)}" must be a whole number from 4 to ${TABLE_INDEXES.length} (-c indexes=N)`,
  ]);
}

new AlmaAccountsStack(app, `AlmaAccounts-${stage}`, {
  config,
  ...(tableIndexes !== undefined ? { tableIndexes } : {}),
  stage: stage as Stage,
  description: `Alma staff account automation (${stage})`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
  tags: { application: 'alma-accounts', stage },
});

// cdk-nag 3 runs as a policy validation plugin at synthesis; unacknowledged errors fail synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
