// PLACEHOLDER so that the CDK stack bundles in the infra branch; the real digest handler replaces this file at merge.
export const handler = async () => {
  throw new Error('placeholder');
};
