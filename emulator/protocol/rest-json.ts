import type { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';
import { ApiError } from '../errors';
import { decodeJson, encodeJson } from './aws-json';
import { type SdkModule, inputOf, memberNames, operationSchema, outputOf } from './schema';
import type { Protocol, WireRequest, WireResponse } from './wire';

/**
 * The REST-JSON protocol (`restJson1`: the EBS direct API): the operation is chosen by method and path (the model's
 * `http` trait, e.g. `GET /snapshots/{SnapshotId}/blocks`); input members come from path labels, query parameters,
 * headers and a JSON body as their traits say; answers are JSON with the model's member names, and errors carry
 * their code in `X-Amzn-ErrorType` with the model's status.
 */

interface Route {
  action: string;
  method: string;
  pattern: RegExp;
  labels: string[];
  status: number;
}

const OPERATION_TRAITS = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The routes of every operation of the SDK module with an `http` trait: `/a/{Label}/b` → `^/a/([^/]+)/b$`. */
function routesOf(sdk: SdkModule): Route[] {
  const routes: Route[] = [];
  for (const key of Object.keys(sdk)) {
    if (!key.endsWith('$')) continue;
    const action = key.slice(0, -1);
    const operation = operationSchema(sdk, action);
    const traits = operation?.[OPERATION_TRAITS];
    const http = typeof traits === 'object' ? (traits as { http?: unknown }).http : undefined;
    if (!Array.isArray(http)) continue;
    const [method, uri, status] = http as [string, string, number];
    const labels: string[] = [];
    const path = uri.split('?')[0]!;
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
        if (!label) return escapeRegExp(part);
        labels.push(label[1]!);
        return label[2] ? '(.+)' : '([^/]+)';
      })
      .join('');
    routes.push({ action, method, pattern: new RegExp(`^${source}$`), labels, status });
  }
  return routes;
}

const validation = (message: string) => new ApiError('ValidationException', message);

/** A scalar from a path label, query parameter or header. */
function decodeText(schema: NormalizedSchema, raw: string, where: string): unknown {
  if (schema.isNumericSchema()) {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n))
      throw validation(`Value '${raw}' at '${where}' failed to satisfy constraint: Member must be a number`);
    return n;
  }
  if (schema.isBooleanSchema()) {
    if (raw !== 'true' && raw !== 'false')
      throw validation(`Value '${raw}' at '${where}' failed to satisfy constraint: Member must be a boolean`);
    return raw === 'true';
  }
  if (schema.isTimestampSchema()) {
    const t = new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw);
    if (Number.isNaN(t.getTime()))
      throw validation(`Value '${raw}' at '${where}' failed to satisfy constraint: Member must be a timestamp`);
    return t;
  }
  return raw;
}

function header(request: WireRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

/** A JSON request body as an object ({} when empty); anything else is a SerializationException. */
export function parseBody(request: WireRequest): Record<string, unknown> {
  if (request.body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(request.body);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError('SerializationException', 'The request body is not a JSON object.');
}

/** One input member, wherever its traits bind it. */
function decodeMember(
  name: string,
  member: NormalizedSchema,
  request: WireRequest,
  labels: Record<string, string>,
  body: () => Record<string, unknown>,
): unknown {
  const traits = member.getMergedTraits();
  if (traits.httpLabel) return labels[name] === undefined ? undefined : decodeText(member, labels[name], name);
  if (typeof traits.httpQuery === 'string') {
    const values = request.query.getAll(traits.httpQuery);
    if (member.isListSchema()) return values.map((v) => decodeText(member.getValueSchema(), v, traits.httpQuery!));
    return values[0] === undefined ? undefined : decodeText(member, values[0], traits.httpQuery);
  }
  if (typeof traits.httpHeader === 'string') {
    const value = header(request, traits.httpHeader);
    return value === undefined ? undefined : decodeText(member, value, traits.httpHeader);
  }
  if (traits.httpPayload) return member.isStructSchema() ? decodeJson(member, body(), '', true) : request.body;
  return decodeJson(member, body()[typeof traits.jsonName === 'string' ? traits.jsonName : name], name, true);
}

/** A header's value: a date as HTTP writes it, anything else as its text. */
function headerText(value: unknown): string {
  if (value instanceof Date) return value.toUTCString();
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

export function restJson(sdk: SdkModule): Protocol {
  const routes = routesOf(sdk);
  const byAction = new Map(routes.map((r) => [r.action, r]));
  const unknownOperation = (action: string) =>
    new ApiError(
      'UnknownOperationException',
      action ? `Unknown operation ${action}.` : 'No operation at this path.',
      404,
    );
  const schema = (action: string): StaticOperationSchema => {
    const operation = operationSchema(sdk, action);
    if (!operation || !byAction.has(action)) throw unknownOperation(action);
    return operation;
  };
  const json = (status: number, value: unknown, headers?: Record<string, string>): WireResponse => ({
    status,
    contentType: 'application/json',
    body: JSON.stringify(value),
    headers,
  });
  return {
    rpc: false,
    actionOf: (request) =>
      routes.find((r) => r.method === request.method && r.pattern.test(request.path))?.action ?? '',
    decode(action, request) {
      const route = byAction.get(action)!;
      const match = route.pattern.exec(request.path);
      const labels: Record<string, string> = {};
      route.labels.forEach((label, i) => {
        const raw = match?.[i + 1];
        if (raw !== undefined) labels[label] = decodeURIComponent(raw);
      });
      let parsed: Record<string, unknown> | undefined;
      const body = () => (parsed ??= parseBody(request));
      const input = inputOf(schema(action));
      const out: Record<string, unknown> = {};
      if (!input.isStructSchema()) return out;
      for (const [name, member] of input.structIterator()) {
        const value = decodeMember(name, member, request, labels, body);
        if (value !== undefined) out[name] = value;
      }
      return out;
    },
    encode(action, result) {
      const output = outputOf(schema(action));
      const record = result as Record<string, unknown>;
      const headers: Record<string, string> = {};
      const body: Record<string, unknown> = {};
      if (output.isStructSchema()) {
        for (const [name, member] of output.structIterator()) {
          const traits = member.getMergedTraits();
          if (record[name] === undefined || record[name] === null) continue;
          if (typeof traits.httpHeader === 'string') {
            headers[traits.httpHeader] = headerText(record[name]);
          } else {
            const key = typeof traits.jsonName === 'string' ? traits.jsonName : name;
            body[key] = encodeJson(member, record[name], true);
          }
        }
      }
      return json(byAction.get(action)!.status, body, headers);
    },
    encodeError(error) {
      // The model's error shapes name the message member `Message` or `message`.
      const messageKey = memberNames(sdk, error.code).includes('message') ? 'message' : 'Message';
      const body = { [messageKey]: error.message, ...error.fields };
      return json(error.status, body, { 'x-amzn-errortype': error.code });
    },
    unknownOperation,
  };
}
