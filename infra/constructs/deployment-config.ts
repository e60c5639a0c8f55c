import { Fn } from 'aws-cdk-lib';
import { ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { Config } from '../../shared/config/schema';

/** Standard SSM parameters hold 4 KB; advanced ones 8 KB (and cost a little). */
const STANDARD_LIMIT = 4096;
const ADVANCED_LIMIT = 8192;

export interface DeploymentConfigProps {
  /** The validated config (defaults applied). */
  config: Config;
  /** SSM parameter name, e.g. /alma-accounts/test/config. */
  parameterName: string;
  /**
   * The deployed decision page URL. Replaces `decisionBaseUrl` when the file still points at a
   * loopback address (the local runtime's default), so mailed links reach the deployed page.
   */
  decisionUrl?: string;
}

/**
 * The validated configuration, as compact JSON in one SSM String parameter the functions read
 * at cold start (CONFIG_PARAMETER). It holds no secrets: those are SecureString parameters an
 * operator creates by hand under the stage's secrets prefix.
 */
export class DeploymentConfig extends Construct {
  readonly parameter: StringParameter;

  constructor(scope: Construct, id: string, props: DeploymentConfigProps) {
    super(scope, id);
    const config = { ...props.config };
    if (props.decisionUrl && isLoopback(config.decisionBaseUrl)) {
      // The function URL ends with '/': keep `https://<host>` like a configured base URL.
      config.decisionBaseUrl = `https://${Fn.select(2, Fn.split('/', props.decisionUrl))}`;
    }
    const value = JSON.stringify(config);
    // A token's placeholder is about as long as the URL it stands for.
    if (value.length > ADVANCED_LIMIT) {
      throw new Error(`config is ${value.length} bytes as JSON; an SSM parameter holds ${ADVANCED_LIMIT}`);
    }
    this.parameter = new StringParameter(this, 'Parameter', {
      parameterName: props.parameterName,
      description: 'Alma accounts configuration (validated JSON, no secrets)',
      stringValue: value,
      tier: value.length > STANDARD_LIMIT - 200 ? ParameterTier.ADVANCED : ParameterTier.STANDARD,
    });
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
