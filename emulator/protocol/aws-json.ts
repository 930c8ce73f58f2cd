import type { NormalizedSchema } from '@smithy/core/schema';
import type { TimestampDateTimeSchema, TimestampHttpDateSchema } from '@smithy/types';
import { ApiError } from '../errors';
import { type SdkModule, inputOf, memberNames, operationSchema, outputOf } from './schema';
import type { Protocol, WireRequest, WireResponse } from './wire';

/**
 * The AWS JSON RPC protocols (`awsJson1_0`, `awsJson1_1`: Organizations, later CloudTrail): `POST /` with
 * `X-Amz-Target: <ServiceTarget>.<Operation>` and a JSON body in, JSON out; errors as `{"__type": Code, …}` with
 * the status the model gives the error. Member names are the model's; timestamps are epoch seconds unless a
 * timestampFormat trait says otherwise.
 */

export interface AwsJsonSettings {
  /** The JSON RPC version: 1.0 or 1.1. */
  version: '1.0' | '1.1';
  /** The X-Amz-Target prefix, as the SDK client's protocol settings name it (`AWSOrganizationsV20161128`). */
  serviceTarget: string;
}

/** NormalizedSchema.getSchema() ids of the timestamp formats a timestampFormat trait selects. */
const DATE_TIME: TimestampDateTimeSchema = 5;
const HTTP_DATE: TimestampHttpDateSchema = 6;

const serializationError = (path: string, expected: string) =>
  new ApiError('SerializationException', `Expected ${expected} at ${path || 'the top level'}.`);

function decodeTimestamp(value: unknown, path: string): Date {
  const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw serializationError(path, 'a timestamp');
  return date;
}

function decodeScalar(schema: NormalizedSchema, value: unknown, path: string): unknown {
  if (schema.isTimestampSchema()) return decodeTimestamp(value, path);
  if (schema.isNumericSchema() && typeof value !== 'number') throw serializationError(path, 'a number');
  if (schema.isBooleanSchema() && typeof value !== 'boolean') throw serializationError(path, 'a boolean');
  if ((schema.isStringSchema() || schema.isBlobSchema()) && typeof value !== 'string')
    throw serializationError(path, 'a string');
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A member's key in JSON: its name, or its jsonName trait where the protocol honours it (restJson1). */
function jsonKey(member: NormalizedSchema, name: string, jsonName: boolean): string {
  const trait = jsonName ? member.getMergedTraits().jsonName : undefined;
  return typeof trait === 'string' ? trait : name;
}

/** A JSON value in the shape of a schema; values of the wrong type are SerializationException. */
export function decodeJson(schema: NormalizedSchema, value: unknown, path: string, jsonName = false): unknown {
  if (value === null || value === undefined) return undefined;
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) throw serializationError(path, 'a list');
    return value.map((v, i) => decodeJson(schema.getValueSchema(), v, `${path}[${i}]`, jsonName));
  }
  if (schema.isMapSchema() || schema.isStructSchema()) {
    if (!isObject(value)) throw serializationError(path, 'an object');
    const out: Record<string, unknown> = {};
    if (schema.isMapSchema()) {
      for (const [k, v] of Object.entries(value))
        out[k] = decodeJson(schema.getValueSchema(), v, `${path}.${k}`, jsonName);
      return out;
    }
    for (const [name, member] of schema.structIterator()) {
      const key = jsonKey(member, name, jsonName);
      const decoded = decodeJson(member, value[key], path ? `${path}.${key}` : key, jsonName);
      if (decoded !== undefined) out[name] = decoded;
    }
    return out;
  }
  return schema.isDocumentSchema() ? value : decodeScalar(schema, value, path);
}

function encodeTimestamp(schema: NormalizedSchema, date: Date): string | number {
  const format = schema.getSchema();
  if (format === DATE_TIME) return date.toISOString();
  if (format === HTTP_DATE) return date.toUTCString();
  return date.getTime() / 1000;
}

/** A value of a schema's shape as JSON: timestamps as the format the schema gives (epoch seconds by default). */
type ShapeKind = 'list' | 'map' | 'struct' | 'timestamp' | 'other';

/**
 * What a schema object is and, for a structure, its members with their JSON keys: read once per schema object (a
 * list's items share theirs), since an answer may hold tens of thousands of items.
 */
const shapes = new WeakMap<NormalizedSchema, { kind: ShapeKind; members: [string, NormalizedSchema, string][] }>();

function shapeOf(schema: NormalizedSchema, jsonName: boolean) {
  let shape = shapes.get(schema);
  if (!shape) {
    const kind: ShapeKind = schema.isListSchema()
      ? 'list'
      : schema.isMapSchema()
        ? 'map'
        : schema.isStructSchema()
          ? 'struct'
          : schema.isTimestampSchema()
            ? 'timestamp'
            : 'other';
    const members =
      kind === 'struct'
        ? [...schema.structIterator()].map(([name, m]): [string, NormalizedSchema, string] => [
            name,
            m,
            jsonKey(m, name, jsonName),
          ])
        : [];
    shape = { kind, members };
    shapes.set(schema, shape);
  }
  return shape;
}

export function encodeJson(schema: NormalizedSchema, value: unknown, jsonName = false): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(schema, jsonName);
  if (shape.kind === 'list' && Array.isArray(value)) {
    const item = schema.getValueSchema();
    return value.map((v) => encodeJson(item, v, jsonName));
  }
  if (shape.kind === 'map' && isObject(value)) {
    const item = schema.getValueSchema();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeJson(item, v, jsonName)]));
  }
  if (shape.kind === 'struct' && isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, member, key] of shape.members) {
      const encoded = encodeJson(member, value[name], jsonName);
      if (encoded !== undefined) out[key] = encoded;
    }
    return out;
  }
  if (shape.kind === 'timestamp' && value instanceof Date) return encodeTimestamp(schema, value);
  return value;
}

function parseBody(request: WireRequest): unknown {
  if (request.body.trim() === '') return {};
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    throw new ApiError('SerializationException', 'The request body is not valid JSON.');
  }
}

export function awsJson(sdk: SdkModule, settings: AwsJsonSettings): Protocol {
  const contentType = `application/x-amz-json-${settings.version}`;
  const unknownOperation = (action: string) =>
    new ApiError('UnknownOperationException', action ? `Unknown operation ${action}.` : 'Missing X-Amz-Target.');
  const schema = (action: string) => {
    const operation = operationSchema(sdk, action);
    if (!operation) throw unknownOperation(action);
    return operation;
  };
  const json = (status: number, value: unknown, headers?: Record<string, string>): WireResponse => ({
    status,
    contentType,
    body: JSON.stringify(value),
    headers,
  });
  return {
    rpc: true,
    actionOf(request) {
      const target = request.headers['x-amz-target'];
      const [prefix, action] = typeof target === 'string' ? target.split('.', 2) : [];
      return prefix === settings.serviceTarget && action ? action : '';
    },
    decode: (action, request) => decodeJson(inputOf(schema(action)), parseBody(request), '') as Record<string, unknown>,
    encode: (action, result) => json(200, encodeJson(outputOf(schema(action)), result) ?? {}),
    encodeError(error) {
      // The model's error shapes name the message member `Message` or `message`.
      const messageKey = memberNames(sdk, error.code).includes('message') ? 'message' : 'Message';
      const body = { __type: error.code, [messageKey]: error.message, ...error.fields };
      return json(error.status, body, { 'x-amzn-errortype': error.code });
    },
    unknownOperation,
  };
}
