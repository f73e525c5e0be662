// Where the stack finds the service's code: the handler file of each Lambda function (relative to the
// repository root) and the table schema it shares with the local bootstrap. The one infra file that knows the
// layout of functions/, so that moving a folder there means editing one line here.
export { TABLE_SCHEMA } from '../functions/adapters/dynamo/table-schema.js';
/** The outputs the admin command reads from a deployed stack. */
export { STACK_OUTPUTS } from '../functions/adapters/stack-outputs.js';

/** Each function's handler file; it exports `handler`. */
export const HANDLER_ENTRIES = {
  digest: 'functions/handlers/digest/handler.ts',
  deliver: 'functions/handlers/deliver/handler.ts',
  subscriptions: 'functions/handlers/subscriptions/handler.ts',
  sesEvents: 'functions/handlers/ses-events/handler.ts',
} as const satisfies Record<string, string>;

export type HandlerName = keyof typeof HANDLER_ENTRIES;
