// The CloudFormation outputs of the stack that the admin command reads (adapters/deployed-stack.ts), by output key.
// The stack (infra/) declares its outputs from this list, so the command and the stack cannot drift apart.
export const STACK_OUTPUTS = {
  tableName: 'TableName',
  tokenSecretArn: 'TokenSecretArn',
  siteUrl: 'SiteUrl',
  senderEmail: 'SenderEmail',
  siteName: 'SiteName',
  postalAddress: 'PostalAddress',
  maxSendRate: 'MaxSendRate',
  configurationSet: 'ConfigurationSetName',
} as const;
