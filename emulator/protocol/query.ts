import type { NormalizedSchema } from '@smithy/core/schema';
import { invalidParameterValue } from '../errors';
import { QueryParams } from './form';
import type { WireRequest } from './wire';
import { escapeXml } from './xml';

/**
 * The Query family of protocols: form-encoded input, XML output. EC2's flavour (`ec2Query`) names members by their
 * ec2QueryName or capitalised xmlName and always flattens lists (`Owner.1`); the plain flavour (`awsQuery`, STS)
 * names members by xmlName or member name and wraps lists in `member` (`PolicyArns.member.1.arn`).
 */
export type QueryStyle = 'ec2' | 'aws';

/** Every parameter of a request: the URL's query and the form body. */
export const queryParams = (request: WireRequest) =>
  new QueryParams([...request.query, ...new URLSearchParams(request.body)]);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function memberKey(member: NormalizedSchema, name: string, style: QueryStyle): string {
  const traits = member.getMergedTraits();
  const xmlName = typeof traits.xmlName === 'string' ? traits.xmlName : undefined;
  if (style === 'aws') return xmlName ?? name;
  if (typeof traits.ec2QueryName === 'string') return traits.ec2QueryName;
  return capitalize(xmlName ?? name);
}

/** The key of the i-th element of a list: flattened (`Key.1`) or wrapped (`Key.member.1`). */
function itemKey(list: NormalizedSchema, key: string, i: number, style: QueryStyle): string {
  if (style === 'ec2' || list.getMergedTraits().xmlFlattened) return `${key}.${i}`;
  const name = list.getValueSchema().getMergedTraits().xmlName;
  return `${key}.${typeof name === 'string' ? name : 'member'}.${i}`;
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

function decodeMap(schema: NormalizedSchema, params: QueryParams, key: string, style: QueryStyle) {
  const flat = style === 'ec2' || schema.getMergedTraits().xmlFlattened;
  const out: Record<string, unknown> = {};
  for (let i = 1; ; i++) {
    const entry = flat ? `${key}.${i}` : `${key}.entry.${i}`;
    const k = params.get(`${entry}.key`);
    if (k === undefined) break;
    out[k] = decodeValue(schema.getValueSchema(), params, `${entry}.value`, style);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodeValue(schema: NormalizedSchema, params: QueryParams, key: string, style: QueryStyle): unknown {
  if (schema.isListSchema()) {
    if (params.isEmpty(key)) return [];
    const items: unknown[] = [];
    for (let i = 1; params.has(itemKey(schema, key, i, style)); i++)
      items.push(decodeValue(schema.getValueSchema(), params, itemKey(schema, key, i, style), style));
    return items.length > 0 ? items : undefined;
  }
  if (schema.isMapSchema()) return decodeMap(schema, params, key, style);
  if (schema.isStructSchema()) {
    if (!params.has(key)) return undefined;
    return decodeStruct(schema, params, `${key}.`, style);
  }
  const raw = params.get(key);
  return raw === undefined ? undefined : decodeScalar(schema, key, raw);
}

function decodeStruct(schema: NormalizedSchema, params: QueryParams, prefix: string, style: QueryStyle) {
  const out: Record<string, unknown> = {};
  for (const [name, member] of schema.structIterator()) {
    const value = decodeValue(member, params, prefix + memberKey(member, name, style), style);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Reads Query parameters into the SDK's input shape of an operation. */
export function decodeQuery(input: NormalizedSchema, params: QueryParams, style: QueryStyle): Record<string, unknown> {
  return input.isStructSchema() ? decodeStruct(input, params, '', style) : {};
}

// ───────────── XML answers, shared by both flavours ─────────────

function xmlName(member: NormalizedSchema, memberName: string): string {
  const name = member.getMergedTraits().xmlName;
  return typeof name === 'string' ? name : memberName;
}

function encodeScalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

const present = (v: unknown) => v !== undefined && v !== null;

/** Writes a value of one shape as the XML inside its element. */
type Writer = (value: unknown) => string;

/**
 * Writers per shape, made once from the SDK's schema: walking the schema (its members, their traits) for every value
 * cost more than the XML itself on pages of a thousand resources. Keyed by the static schema the model shares.
 */
const writers = new WeakMap<object, Writer>();

function writerOf(schema: NormalizedSchema): Writer {
  if (!schema.isListSchema() && !schema.isMapSchema() && !schema.isStructSchema()) return encodeScalar;
  const key = schema.getSchema() as unknown;
  const cacheable = typeof key === 'object' && key !== null;
  const known = cacheable ? writers.get(key) : undefined;
  if (known) return known;
  // Parts are made on first use (see elementWriter), so a shape that contains itself does not recurse here.
  const writer = makeWriter(schema);
  if (cacheable) writers.set(key, writer);
  return writer;
}

function makeWriter(schema: NormalizedSchema): Writer {
  if (schema.isListSchema()) {
    const item = schema.getValueSchema();
    const element = elementWriter(item, xmlName(item, 'member'));
    return (value) => {
      if (!Array.isArray(value)) return '';
      let xml = '';
      for (const v of value) if (present(v)) xml += element(v);
      return xml;
    };
  }
  if (schema.isMapSchema()) {
    const entry = elementWriter(schema.getValueSchema(), 'value');
    return (value) => {
      let xml = '';
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (present(v)) xml += `<entry><key>${escapeXml(k)}</key>${entry(v)}</entry>`;
      }
      return xml;
    };
  }
  const members = [...schema.structIterator()].map(([name, member]) => ({
    name,
    element: elementWriter(member, xmlName(member, name)),
  }));
  return (value) => {
    const record = (value ?? {}) as Record<string, unknown>;
    let xml = '';
    for (const { name, element } of members) {
      const v = record[name];
      if (present(v)) xml += element(v);
    }
    return xml;
  };
}

/** Writes a member as its element (`<tag>…</tag>`), or a flattened list as one element per item. */
function elementWriter(schema: NormalizedSchema, tag: string): Writer {
  if (schema.isListSchema() && schema.getMergedTraits().xmlFlattened) {
    const item = elementWriter(schema.getValueSchema(), tag);
    return (value) => {
      let xml = '';
      if (Array.isArray(value)) for (const v of value) if (present(v)) xml += item(v);
      return xml;
    };
  }
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  // Resolved on first use, so a shape that contains itself does not recurse while its writer is made.
  let inner: Writer | undefined;
  return (value) => open + (inner ??= writerOf(schema))(value) + close;
}

/** Writes a value of the given shape as XML elements, list items as `<item>`/`<member>`, maps as `<entry>`. */
export function encodeXmlValue(schema: NormalizedSchema, value: unknown, out: string[]): void {
  out.push(writerOf(schema)(value));
}
