// The subscriptions API with its dependencies passed in: routing, validation (zod), content negotiation (HTML pages
// for browsers, JSON for API clients) and the mapping of named errors to HTTP statuses. The use cases live in
// subscribers/sign-up.ts; Lambda (handler.ts) and the local server (cli/http-adapter.ts) both run this.
//
// With the public archive on (deps.archive), GET /issues/<id>, /archive and /feed.xml serve it (archive.ts); with it
// off they answer 404 like any unknown path.
//
// A GET never changes a subscriber: mail scanners and link previewers follow every link in an email, and a scanner
// that confirmed a sign-up would complete a double opt-in nobody clicked. So GET /confirm and GET /unsubscribe only
// check the token and show a button (RFC 8058 requires as much for unsubscribe); POST /confirm and
// POST /unsubscribe act, from that button, an API client, or a mail client's one-click.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { ArchiveStore } from '../../delivery/archive.js';
import type { Branding } from '../../email/render.js';
import type { TemplateSource } from '../../email/templates.js';
import { InvalidAddressError, normaliseAddress } from '../../subscribers/address.js';
import {
  ConfirmationNotSentError,
  checkUnsubscribeToken,
  confirmSubscription,
  previewConfirmation,
  requestSubscription,
  type SubscriptionDeps,
  unsubscribeWithToken,
} from '../../subscribers/sign-up.js';
import { InvalidTokenError } from '../../subscribers/signed-tokens.js';
import { type ConfirmResult, maskEmail } from '../../subscribers/subscriber.js';
import { archiveRoute, createArchiveRoutes } from './archive.js';
import {
  HttpError,
  htmlResponse,
  jsonResponse,
  type ParsedBody,
  parseBody,
  queryParam,
  type Response,
  routePath,
  wantsJson,
} from './http.js';
import { createPages, type PageName } from './pages.js';

export interface SubscriptionsAppDeps extends SubscriptionDeps {
  readonly templates: TemplateSource;
  readonly site: Branding;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /**
   * Minimum time a sign-up takes to answer, in milliseconds, so that sending (or not sending) a confirmation does
   * not show in the timing. 400 when left out; tests pass 0.
   */
  readonly signUpFloorMs?: number;
  /** The published issues; the archive's pages answer 404 when left out (a private newsletter). */
  readonly archive?: Pick<ArchiveStore, 'get' | 'list'>;
}

export type SubscriptionsHandler = (event: APIGatewayProxyEventV2) => Promise<Response>;

/** The honeypot's field name: a text input hidden from people (see subscribe.html.hbs). */
export const HONEYPOT_FIELD = 'website';
const ONE_CLICK = { field: 'List-Unsubscribe', value: 'One-Click' } as const;

const signUpSchema = z.object({
  email: z.string({ error: 'an email address is required' }).max(512, 'the email address is too long'),
  [HONEYPOT_FIELD]: z.string().max(512).optional(),
});

/** A token may come in the query (the emailed link, and the page's form posting back to it) or in the body. */
const tokenBodySchema = z.object({
  token: z.string().max(1024).optional(),
  [ONE_CLICK.field]: z.string().max(64).optional(),
});

const tokenSchema = z.string({ error: 'the link has no token' }).min(1, 'the link has no token').max(1024);

const ROUTES: Record<string, readonly string[]> = {
  '/': ['GET', 'HEAD'],
  '/subscribe': ['POST'],
  '/confirm': ['GET', 'HEAD', 'POST'],
  '/unsubscribe': ['GET', 'HEAD', 'POST'],
};

interface Reply {
  readonly status: number;
  readonly page: PageName;
  readonly data: Readonly<Record<string, unknown>>;
  readonly json: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSubscriptionsApp(deps: SubscriptionsAppDeps): SubscriptionsHandler {
  const pages = createPages(deps.templates, deps.site, { archive: deps.archive !== undefined });
  const archive = deps.archive
    ? createArchiveRoutes({ archive: deps.archive, site: deps.site, pages })
    : undefined;
  const clock = deps.clock ?? (() => new Date());
  const floorMs = deps.signUpFloorMs ?? 400;
  const log = deps.logger;

  function render(event: APIGatewayProxyEventV2, body: ParsedBody | undefined, reply: Reply): Response {
    const headers = reply.headers ?? {};
    const response = wantsJson(event, body)
      ? jsonResponse(reply.status, reply.json, headers)
      : htmlResponse(reply.status, pages.render(reply.page, reply.data), pages.csp, headers);
    if (event.requestContext?.http?.method === 'HEAD') response.body = '';
    return response;
  }

  function message(status: number, code: string, heading: string, text: string, headers = {}): Reply {
    return {
      status,
      page: 'page-message',
      data: { title: heading, heading, message: text, status },
      json: { error: code, message: text },
      headers,
    };
  }

  async function signUp(body: ParsedBody): Promise<Reply> {
    const started = Date.now();
    const fields = body.kind === 'json' ? body.value : body.kind === 'form' ? body.fields : {};
    const parsed = signUpSchema.safeParse(fields);
    if (!parsed.success) {
      const text = parsed.error.issues[0]?.message ?? 'the request is not valid';
      return invalidSignUp(typeof (fields as { email?: unknown })?.email === 'string' ? fields : {}, text);
    }
    try {
      const outcome = await requestSubscription(
        deps,
        { email: parsed.data.email, honeypot: parsed.data[HONEYPOT_FIELD] },
        clock(),
      );
      log.info('sign-up', {
        result: outcome.result,
        subscriberId: outcome.subscriberId,
        email: outcome.email ? maskEmail(outcome.email) : undefined,
      });
      const wait = floorMs - (Date.now() - started);
      if (wait > 0) await sleep(wait);
      const shown = outcome.email ?? normaliseQuietly(parsed.data.email);
      return {
        status: 202,
        page: 'page-check-inbox',
        data: { title: 'Check your inbox', email: shown },
        json: {
          status: 'pending',
          message: 'If this address is not subscribed yet, a confirmation link is on its way to it.',
        },
      };
    } catch (error) {
      if (error instanceof InvalidAddressError) return invalidSignUp(parsed.data, sentence(error.message));
      throw error;
    }
  }

  function invalidSignUp(fields: unknown, text: string): Reply {
    const email = (fields as { email?: unknown }).email;
    return {
      status: 400,
      page: 'subscribe',
      data: { title: 'Subscribe', error: sentence(text), email: typeof email === 'string' ? email : '' },
      json: { error: 'invalid_email', message: sentence(text) },
    };
  }

  function tokenFrom(event: APIGatewayProxyEventV2, body?: ParsedBody): string {
    const inBody =
      body?.kind === 'json' || body?.kind === 'form'
        ? tokenBodySchema.safeParse(body.kind === 'json' ? body.value : body.fields)
        : undefined;
    const candidate = queryParam(event, 'token') ?? (inBody?.success ? inBody.data.token : undefined);
    const parsed = tokenSchema.safeParse(candidate);
    if (!parsed.success) throw new InvalidTokenError('missing token');
    return parsed.data;
  }

  /** The page behind the emailed link: a button when the sign-up waits for it, else what became of it. */
  async function confirmPage(event: APIGatewayProxyEventV2): Promise<Reply> {
    const outcome = await previewConfirmation(deps, tokenFrom(event), clock());
    if (outcome.result !== 'confirmed') return confirmAnswer(outcome.result);
    return {
      status: 200,
      page: 'page-confirm',
      data: { title: 'Confirm your subscription' },
      json: { status: 'valid', message: 'POST this URL (or {"token": "..."} to /confirm) to confirm.' },
    };
  }

  async function confirm(event: APIGatewayProxyEventV2, body: ParsedBody): Promise<Reply> {
    const outcome = await confirmSubscription(deps, tokenFrom(event, body), clock());
    log.info('confirm', { result: outcome.result, subscriberId: outcome.subscriberId });
    return confirmAnswer(outcome.result);
  }

  function confirmAnswer(result: ConfirmResult): Reply {
    switch (result) {
      case 'confirmed':
      case 'already-active':
        return {
          status: 200,
          page: 'page-confirmed',
          data: { title: 'You are subscribed', already: result === 'already-active' },
          json: { status: 'active' },
        };
      case 'not-found':
        return message(
          410,
          'link_expired',
          'This link has expired',
          'The sign-up it belonged to has lapsed. Subscribe again and we will send a fresh link.',
        );
      case 'not-pending':
        return message(
          409,
          'not_pending',
          'This link can no longer be used',
          'This address is not waiting for confirmation. To subscribe again, use the form.',
        );
    }
  }

  async function unsubscribePage(event: APIGatewayProxyEventV2): Promise<Reply> {
    await checkUnsubscribeToken(deps, tokenFrom(event), clock());
    return {
      status: 200,
      page: 'page-unsubscribe',
      data: { title: 'Unsubscribe', oneClick: ONE_CLICK },
      json: {
        status: 'valid',
        message: `POST this URL with ${ONE_CLICK.field}=${ONE_CLICK.value} to unsubscribe.`,
      },
    };
  }

  async function unsubscribe(event: APIGatewayProxyEventV2, body: ParsedBody): Promise<Reply> {
    if (body.kind === 'form') {
      const oneClick = body.fields[ONE_CLICK.field];
      if (oneClick !== undefined && oneClick !== ONE_CLICK.value) {
        throw new HttpError(
          400,
          'invalid_one_click',
          `The ${ONE_CLICK.field} field must be ${ONE_CLICK.value}.`,
        );
      }
    }
    const outcome = await unsubscribeWithToken(deps, tokenFrom(event, body), clock());
    log.info('unsubscribe', { result: outcome.result, subscriberId: outcome.subscriberId });
    return {
      status: 200,
      page: 'page-unsubscribed',
      data: { title: 'You are unsubscribed' },
      json: { status: 'unsubscribed' },
    };
  }

  async function route(
    event: APIGatewayProxyEventV2,
    path: string,
    method: string,
    body: ParsedBody,
  ): Promise<Reply> {
    switch (path) {
      case '/':
        return {
          status: 200,
          page: 'subscribe',
          data: { title: 'Subscribe', email: '' },
          json: { message: 'POST /subscribe with {"email": "..."} to subscribe.' },
        };
      case '/subscribe':
        return signUp(body);
      case '/confirm':
        return method === 'POST' ? confirm(event, body) : confirmPage(event);
      default:
        return method === 'POST' ? unsubscribe(event, body) : unsubscribePage(event);
    }
  }

  const notAllowed = (allow: string) =>
    message(405, 'method_not_allowed', 'Method not allowed', `Use ${allow} here.`, { allow });

  const notFound = () =>
    message(404, 'not_found', 'Page not found', 'There is nothing here; the subscribe page is at the start.');

  return async (event) => {
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const path = routePath(event);
    let body: ParsedBody | undefined;
    try {
      const archived = archiveRoute(path);
      if (archived) {
        if (!archive) return render(event, undefined, notFound());
        if (method !== 'GET' && method !== 'HEAD') return render(event, undefined, notAllowed('GET, HEAD'));
        return await archive(event, archived);
      }
      const allowed = ROUTES[path];
      if (!allowed) return render(event, undefined, notFound());
      if (!allowed.includes(method)) return render(event, undefined, notAllowed(allowed.join(', ')));
      body = method === 'POST' ? await parseBody(event) : { kind: 'none' };
      return render(event, body, await route(event, path, method, body));
    } catch (error) {
      return render(event, body, failure(error, path));
    }
  };

  function failure(error: unknown, path: string): Reply {
    if (error instanceof HttpError) {
      log.info('request refused', { path, status: error.status, code: error.code });
      return message(error.status, error.code, errorHeading(error.status), error.message, error.headers);
    }
    if (error instanceof InvalidTokenError) {
      const expired = /expired/.test(error.message);
      log.info('invalid token', { path, reason: error.message });
      return expired
        ? message(
            410,
            'link_expired',
            'This link has expired',
            path === '/confirm'
              ? 'Confirmation links last 48 hours. Subscribe again and we will send a fresh one.'
              : 'This link is too old to use. The newest email from us has one that works.',
          )
        : message(
            400,
            'invalid_link',
            'This link is not valid',
            'It may have been cut short when it was copied. Open it again from the email itself.',
          );
    }
    if (error instanceof ConfirmationNotSentError) {
      log.error('confirmation email not sent', { error: error.message });
      return message(
        503,
        'unavailable',
        'Please try again in a moment',
        'We could not send the confirmation email just now. Nothing was lost; please try again shortly.',
        { 'retry-after': '60' },
      );
    }
    log.error('request failed', { path, error: error instanceof Error ? error : String(error) });
    return message(500, 'internal_error', 'Something went wrong', 'Please try again in a moment.');
  }
}

function errorHeading(status: number): string {
  if (status === 404) return 'Page not found';
  if (status === 413) return 'That request is too large';
  if (status === 415) return 'That request has the wrong format';
  return 'That request could not be read';
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function normaliseQuietly(email: string): string {
  try {
    return normaliseAddress(email).address;
  } catch {
    return '';
  }
}
