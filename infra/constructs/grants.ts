// Grants several capabilities make in the same way, each with the cdk-nag finding it raises acknowledged on
// the grantee, so that the reason stays beside the permission.
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledge, logicalIdOf } from '../nag.js';
import type { ServiceFunction } from '../service-function.js';

/** `table.grantReadWriteData(fn)`: the items and the indexes of the subscriber table. */
export function grantTableData(table: dynamodb.Table, fn: ServiceFunction): iam.Grant {
  const grant = table.grantReadWriteData(fn);
  acknowledge(
    fn,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(table)}.Arn>/index/*]`,
    "table.grantReadWriteData covers the table's indexes with index/*; the table has one index, the sparse `active` index the functions query.",
  );
  return grant;
}
