import { App } from 'aws-cdk-lib';
import exampleConfig from '../config/example.json' with { type: 'json' };
import { configProblems } from '../shared/config/schema';
import { listAcknowledgements, NAG_ACKNOWLEDGEMENTS } from './nag';
import { AlmaAccountsStack } from './stack';

/** Prints the accepted validation findings as a Markdown table for the README. */
const { config, problems } = configProblems(exampleConfig);
if (!config) throw new Error(problems.join('\n'));
const app = new App();
const stack = new AlmaAccountsStack(app, 'AlmaAccounts-test', { config, stage: 'test', skipBundling: true });
const recorded = listAcknowledgements(stack);

console.log('| rule | finding ids (stage test) | why |\n|---|---|---|');
for (const { rule, reason } of Object.values(NAG_ACKNOWLEDGEMENTS)) {
  const ids = [...new Set(recorded.filter((a) => a.reason === reason).map((a) => `\`${a.id}\``))];
  console.log(`| ${rule} | ${ids.join('<br>')} | ${reason.replaceAll('|', '\\|')} |`);
}
