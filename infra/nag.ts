import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Every validation finding this app accepts (cdk-nag AwsSolutions), with its rule and reason,
 * defined once. Constructs acknowledge findings only through `acknowledge()` below, so this is
 * the complete list for the README;
 * `npx tsx infra/list-acknowledgements.ts` prints the exact finding ids per resource.
 */
export const NAG_ACKNOWLEDGEMENTS = {
  nodeRuntime: {
    rule: 'AwsSolutions-L1',
    reason:
      'nodejs22.x is the runtime this project moved to and tests its bundles on (Node 22 binary in the bundle test); cdk-nag asks for nodejs24.x, the newest aws-cdk-lib knows.',
  },
  schedulerFunctionVersions: {
    rule: 'AwsSolutions-IAM5',
    reason:
      'The Scheduler LambdaInvoke target grants <function>:* so a schedule may invoke a version or alias of that one function.',
  },
  dlqHasNoDlq: {
    rule: 'AwsSolutions-SQS3',
    reason: 'This queue is itself a dead-letter queue; a DLQ of a DLQ adds nothing.',
  },
  rawMailObjects: {
    rule: 'AwsSolutions-IAM5',
    reason:
      'SES names each raw mail object by its message id, unknown in advance; read access is scoped to inbound/*.',
  },
  ssmKmsKey: {
    rule: 'AwsSolutions-IAM5',
    reason:
      'SecureString parameters use the AWS-managed aws/ssm key whose id differs per account; kms:Decrypt is limited to calls via SSM in this account.',
  },
  setActiveRuleSet: {
    rule: 'AwsSolutions-IAM5',
    reason:
      'ses:SetActiveReceiptRuleSet supports no resource-level permissions (IAM service authorization reference).',
  },
  providerFramework: {
    rule: 'AwsSolutions-IAM4',
    reason:
      'The CDK custom-resource provider framework (rule-set activation) gives its own function the basic execution policy; it runs only during deployments.',
  },
  providerFrameworkInvoke: {
    rule: 'AwsSolutions-IAM5',
    reason:
      'The CDK custom-resource provider framework may invoke versions of the one activation function (<function>:*).',
  },
  xrayTracing: {
    rule: 'AwsSolutions-IAM5',
    reason:
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (IAM service authorization reference); CDK grants them on * with Tracing.ACTIVE.',
  },
  logBucketNoLogs: {
    rule: 'AwsSolutions-S1',
    reason:
      'This is the server-access-log bucket; logging it into itself would loop and another bucket adds nothing.',
  },
} as const satisfies Record<string, { rule: string; reason: string }>;

export type NagAcknowledgement = keyof typeof NAG_ACKNOWLEDGEMENTS;

/** Acknowledges one finding (`RuleId` or `RuleId[FindingId]`) on a construct and its children. */
export function acknowledge(scope: IConstruct, id: string, which: NagAcknowledgement): void {
  const { rule, reason } = NAG_ACKNOWLEDGEMENTS[which];
  if (id !== rule && !id.startsWith(`${rule}[`)) throw new Error(`${id} is not a finding of ${rule}`);
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The id of cdk-nag's IAM5 finding for a wildcard resource, rendered the way cdk-nag renders
 * it (Ref → `<X>`, GetAtt → `<X.Attr>`, joins flattened), so acknowledgements follow logical ids
 * and a concrete or unknown region alike.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  const value = node as Record<string, unknown>;
  if (value['Fn::Join']) {
    const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
    return items.map(flattenCfnReference).join(delimiter);
  }
  if (value['Fn::Sub']) return flattenCfnReference(value['Fn::Sub']);
  if (value['Fn::GetAtt']) {
    const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
  }
  if (value['Fn::ImportValue']) return flattenCfnReference(value['Fn::ImportValue']);
  if (value.Ref) return `<${flattenCfnReference(value.Ref)}>`;
  return JSON.stringify(node);
}

export interface RecordedAcknowledgement {
  /** Construct path the acknowledgement applies to (and everything below it). */
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in a construct tree, read back from construct metadata. */
export function listAcknowledgements(root: IConstruct): RecordedAcknowledgement[] {
  const found: RecordedAcknowledgement[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: node.node.path, id: qualifiedId.replace(/^annotation::/i, ''), reason });
      }
    }
    node.node.children.forEach(visit);
  };
  visit(root);
  return found;
}
