// A small node:http server that turns each request into the API Gateway HTTP API event (payload 2.0) a Lambda would
// receive, calls the same handler, and writes its result back. Locally, the pages and the API run the Lambda code.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export type HttpApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/** API Gateway refuses payloads over 10 MB before the Lambda sees them; so do we. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

// Bodies API Gateway hands over as text; anything else arrives base64-encoded with isBase64Encoded set.
const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)|[^;]*\+(json|xml))/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's requestContext.time format: 12/Mar/2020:19:03:58 +0000. */
function gatewayTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
}

/** The payload 2.0 event for a request and its body, as API Gateway builds it for the `$default` route. */
export function toHttpApiEvent(req: IncomingMessage, body: Buffer, now = new Date()): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const contentType = req.headers['content-type'] ?? '';
  const asText = TEXT_TYPES.test(contentType);
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: asText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !asText }
      : { isBase64Encoded: false }),
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === 'string') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(result);
    return;
  }
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = result.body
    ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  res.writeHead(result.statusCode ?? 200, headers).end(body);
}

function sendGatewayError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ message }));
}

export interface HttpAdapterOptions {
  /** Called when the handler throws (API Gateway answers 500); the error is not shown to the client. */
  readonly onError?: (error: unknown) => void;
  readonly maxBodyBytes?: number;
}

/** A server whose every request goes to `handler()` (a getter, so the handler may be set after listening). */
export function createHttpApiServer(
  handler: () => HttpApiHandler | undefined,
  options: HttpAdapterOptions = {},
): Server {
  const maxBody = options.maxBodyBytes ?? GATEWAY_MAX_BODY_BYTES;
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBody) {
        refused = true;
        sendGatewayError(res, 413, 'Request Entity Too Large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (refused) return;
      const current = handler();
      if (!current) {
        sendGatewayError(res, 503, 'Service Unavailable');
        return;
      }
      current(toHttpApiEvent(req, Buffer.concat(chunks)))
        .then((result) => writeResult(res, result))
        .catch((error: unknown) => {
          options.onError?.(error);
          sendGatewayError(res, 500, 'Internal Server Error');
        });
    });
  });
}

/** The base URL of a listening server, e.g. http://127.0.0.1:3000. */
export function serverUrl(server: Server, host: string): string {
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}
