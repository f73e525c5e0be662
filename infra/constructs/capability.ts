// The base of the stack's capability constructs (delivery pipeline, mail feedback, subscription API, ...), and
// the logical-id rule that goes with it: a capability groups resources in the construct tree without being part
// of their CloudFormation logical ids. The resources kept the ids they had when the stack was one flat
// constructor, so regrouping them replaces nothing: not the table, bucket, secret, queues and SES resources that
// hold data, nor the HTTP API whose URL is in every confirm and unsubscribe link already mailed. (A child id
// that CDK derives from another construct's full path, such as `AllowInvoke:<topic path>`, does change.)
import type { CfnElement } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/** A group of the stack's resources by capability; invisible in logical ids (see DigestMailerStack). */
export abstract class Capability extends Construct {
  /** True for a capability construct: its id is left out of its resources' logical ids. */
  static isCapability(construct: IConstruct): construct is Capability {
    return construct instanceof Capability;
  }
}

/**
 * A stand-in for `element` whose construct path leaves out the capabilities above it, for the stack's own
 * logical-id algorithm (CDK does not export it). Two resources that end up with the same id make synth fail
 * ("section 'Resources' already contains ..."), so a clash cannot go unnoticed.
 */
export function withoutCapabilityScopes(element: CfnElement): CfnElement {
  const scopes = element.node.scopes.filter((scope) => !Capability.isCapability(scope));
  if (scopes.length === element.node.scopes.length) return element;
  // Stack.allocateLogicalId reads only `node.scopes` and `stack`; the prototype keeps the rest of the element.
  // Should a CDK upgrade read more, tests/infra/logical-ids.test.ts and the template snapshot fail.
  return Object.create(element, { node: { value: { scopes } } }) as CfnElement;
}
