import 'server-only';
import type { z } from 'zod';
import { config } from './config';
import { configOrError, errorResponse, validationError } from './http';

/**
 * The checks every mutating route makes before it reads its body: a valid configuration, not read-only, the
 * request from this app's own origin, and a JSON body. Each answers with the refusal, or undefined to go on.
 */

/** A body larger than this is refused before it is parsed; every action body is a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** The request's own origin and the hosts it was addressed to (directly, or through a proxy). */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site') return false;
  const header = request.headers.get('origin');
  if (header === null) return true;
  // Under `Referrer-Policy: no-referrer` a browser's own form post says `Origin: null`; its Sec-Fetch-Site, which
  // no page can forge, still tells a same-origin request apart.
  if (header === 'null' && site === 'same-origin') return true;
  let origin: URL;
  try {
    origin = new URL(header);
  } catch {
    // "null" (a sandboxed frame, a file:// page) and anything unparsable.
    return false;
  }
  if (sameOrigin(origin, new URL(request.url))) return true;
  const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0];
  return [forwarded, request.headers.get('host')].some(
    (host) => host !== undefined && host !== null && sameHost(origin, host),
  );
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Next.js writes a loopback request's URL with `localhost`, whatever address the browser used. */
function sameOrigin(a: URL, b: URL): boolean {
  if (a.origin === b.origin) return true;
  return a.protocol === b.protocol && a.port === b.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
}

/** Compares a Host header with an origin's host, reading the header with the origin's scheme for its default port. */
function sameHost(origin: URL, host: string): boolean {
  const trimmed = host.trim();
  if (trimmed === '' || /[/?#@\s]/.test(trimmed)) return false;
  try {
    return new URL(`${origin.protocol}//${trimmed}`).host === origin.host;
  } catch {
    return false;
  }
}

function isJson(request: Request): boolean {
  const type = request.headers.get('content-type');
  return type !== null && type.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Refuses a mutating request that may not run: 500 bad configuration, 403 read-only or cross-origin, 415 not JSON. */
export function refuseMutation(request: Request): Response | undefined {
  const misconfigured = configOrError();
  if (misconfigured) return misconfigured;
  if (config().readOnly) {
    return errorResponse({
      status: 403,
      code: 'ReadOnly',
      message: 'Lineage is running read-only (LINEAGE_READ_ONLY=1): actions are turned off.',
    });
  }
  if (!isSameOrigin(request)) {
    return errorResponse({
      status: 403,
      code: 'CrossOrigin',
      message: 'Actions are accepted only from Lineage’s own pages (the Origin of this request is another site).',
    });
  }
  if (!isJson(request)) {
    return errorResponse({
      status: 415,
      code: 'UnsupportedMediaType',
      message: 'Send the body as JSON with Content-Type: application/json.',
    });
  }
  return undefined;
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

const tooLarge = () =>
  errorResponse({
    status: 413,
    code: 'PayloadTooLarge',
    message: `The body is larger than ${MAX_JSON_BODY_BYTES} bytes.`,
  });

/** The request's body parsed as JSON: 413 when it is too large, 400 when it is not JSON. */
export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<JsonBody> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return { ok: false, response: tooLarge() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch {
        return {
          ok: false,
          response: errorResponse({ status: 400, code: 'InvalidBody', message: 'The body could not be read.' }),
        };
      }
      if (read.done) break;
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, response: tooLarge() };
      }
      chunks.push(read.value);
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      response: errorResponse({
        status: 400,
        code: 'InvalidJson',
        message: `The body is not valid JSON: ${text.trim() === '' ? 'it is empty' : reason}.`,
      }),
    };
  }
}

/**
 * 400 for a body its schema refuses, naming the field: a field the schema does not know is named itself, and a
 * body that is not an object has no field.
 */
export function invalidBody(error: z.ZodError): Response {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const field = [...issue.path.map(String), issue.keys[0] ?? ''].filter(Boolean).join('.');
    return errorResponse({
      status: 400,
      code: 'ValidationError',
      field,
      message: `${field} is not a field this action takes.`,
    });
  }
  if (issue?.path.length === 0) {
    return errorResponse({
      status: 400,
      code: 'ValidationError',
      message: `The body must be a JSON object: ${issue.message}`,
    });
  }
  return validationError(error);
}
