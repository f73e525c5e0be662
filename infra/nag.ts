// Helpers for cdk-nag acknowledgements: a finding that does not apply is recorded, with its reason, on the
// narrowest construct it concerns, and findings that name a resource name it by the logical id nag sees.
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Records why a cdk-nag finding does not apply here, on the narrowest construct it concerns. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The logical id of an L2 construct's CloudFormation resource, as cdk-nag names it in IAM5 findings. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
