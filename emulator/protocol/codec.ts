import * as ec2 from '@aws-sdk/client-ec2';
import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';
import { invalidParameterValue } from '../errors';
import type { QueryParams } from './form';
import { EC2_NAMESPACE, escapeXml } from './xml';

/**
 * Reads EC2 Query requests into the SDK's input shapes and writes the SDK's output shapes as EC2 XML,
 * both driven by the service model the SDK itself ships, so names on the wire match what every client expects.
 */

export function operationSchema(action: string): StaticOperationSchema | undefined {
  const candidate = (ec2 as Record<string, unknown>)[`${action}$`];
  return Array.isArray(candidate) && candidate[0] === 9 ? (candidate as StaticOperationSchema) : undefined;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function queryName(member: NormalizedSchema, memberName: string): string {
  const traits = member.getMergedTraits();
  if (typeof traits.ec2QueryName === 'string') return traits.ec2QueryName;
  return capitalize(typeof traits.xmlName === 'string' ? traits.xmlName : memberName);
}

function decodeScalar(schema: NormalizedSchema, key: string, raw: string): unknown {
  if (schema.isNumericSchema()) {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw invalidParameterValue(`Invalid value '${raw}' for ${key}.`);
    return n;
  }
  if (schema.isBooleanSchema()) {
    if (raw !== 'true' && raw !== 'false')
      throw invalidParameterValue(`Invalid value '${raw}' for ${key}, expected a boolean.`);
    return raw === 'true';
  }
  if (schema.isTimestampSchema()) {
    const t = new Date(raw);
    if (Number.isNaN(t.getTime()))
      throw invalidParameterValue(`Invalid value '${raw}' for ${key}, expected a timestamp.`);
    return t;
  }
  return raw;
}

function decodeValue(schema: NormalizedSchema, params: QueryParams, key: string): unknown {
  if (schema.isListSchema()) {
    if (params.isEmpty(key)) return [];
    const item = schema.getValueSchema();
    const items: unknown[] = [];
    for (let i = 1; params.has(`${key}.${i}`); i++) items.push(decodeValue(item, params, `${key}.${i}`));
    return items.length > 0 ? items : undefined;
  }
  if (schema.isStructSchema()) {
    if (!params.has(key)) return undefined;
    return decodeStruct(schema, params, `${key}.`);
  }
  const raw = params.get(key);
  return raw === undefined ? undefined : decodeScalar(schema, key, raw);
}

function decodeStruct(schema: NormalizedSchema, params: QueryParams, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of schema.structIterator()) {
    const value = decodeValue(member, params, prefix + queryName(member, name));
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function decodeInput(operation: StaticOperationSchema, params: QueryParams): Record<string, unknown> {
  return decodeStruct(NormalizedSchema.of(operation[4]), params, '');
}

function xmlName(member: NormalizedSchema, memberName: string): string {
  const name = member.getMergedTraits().xmlName;
  return typeof name === 'string' ? name : memberName;
}

function encodeScalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

function encodeValue(schema: NormalizedSchema, value: unknown, out: string[]): void {
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return;
    const item = schema.getValueSchema();
    const itemName = xmlName(item, 'member');
    for (const element of value) {
      if (element === undefined || element === null) continue;
      out.push(`<${itemName}>`);
      encodeValue(item, element, out);
      out.push(`</${itemName}>`);
    }
    return;
  }
  if (schema.isStructSchema()) {
    encodeStruct(schema, value as Record<string, unknown>, out);
    return;
  }
  out.push(encodeScalar(value));
}

function encodeStruct(schema: NormalizedSchema, value: Record<string, unknown>, out: string[]): void {
  for (const [name, member] of schema.structIterator()) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    const tag = xmlName(member, name);
    out.push(`<${tag}>`);
    encodeValue(member, v, out);
    out.push(`</${tag}>`);
  }
}

export function encodeOutput(
  operation: StaticOperationSchema,
  action: string,
  requestId: string,
  result: object,
): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${requestId}</requestId>`,
  ];
  const output = NormalizedSchema.of(operation[5]);
  if (output.isStructSchema()) encodeStruct(output, result as Record<string, unknown>, out);
  else out.push('<return>true</return>');
  out.push(`</${action}Response>`);
  return out.join('');
}
