import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AlmaAccountsStack } from '../../infra/stack';
import { type Config, configProblems } from '../../shared/config/schema';

export const exampleConfig: Config = (() => {
  const { config, problems } = configProblems(
    JSON.parse(readFileSync(new URL('../../config/example.json', import.meta.url), 'utf8')),
  );
  if (!config) throw new Error(`config/example.json: ${problems.join('; ')}`);
  return config;
})();

/** The account and region every test synthesis targets (synthesis refuses to run without a region). */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' } as const;

/**
 * The stack as `cdk synth -c stage=test` builds it. With `bundle`, functions are bundled with
 * esbuild as in a real synth, unless ALMA_SKIP_BUNDLING=1 (inline stubs, for a quick loop on
 * infra only). CloudFormation's built-in template linting is left to `npm run synth`: it costs
 * seconds per synthesis and checks the CDK's output, not our assertions.
 */
export function synthesizeTestStack(options: { bundle: boolean; config?: Config }) {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new AlmaAccountsStack(app, 'AlmaAccounts-test', {
    config: options.config ?? exampleConfig,
    stage: 'test',
    env: TEST_ENV,
    skipBundling: !options.bundle || process.env.ALMA_SKIP_BUNDLING === '1',
  });
  const template = Template.fromStack(stack);
  return { app, stack, template };
}
