import type { Filter } from '@aws-sdk/client-ec2';
import { invalidParameterValue } from '../errors';
import type { Tag } from '../state';

/** The values a record has for a filter name; undefined means the filter is unknown for this resource. */
export type FilterValues<T> = (record: T, name: string) => readonly (string | undefined)[] | undefined;

function wildcard(pattern: string): RegExp | string {
  if (!/[*?]/.test(pattern)) return pattern;
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's');
}

export function tagFilterValues(tags: readonly Tag[], name: string): readonly string[] | undefined {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return tags.filter((t) => t.key === key).map((t) => t.value);
  }
  if (name === 'tag-key') return tags.map((t) => t.key);
  if (name === 'tag-value') return tags.map((t) => t.value);
  return undefined;
}

export interface CompiledFilter {
  name: string;
  patterns: (RegExp | string)[];
}

export function compileFilters(filters: readonly Filter[] | undefined): CompiledFilter[] {
  return (filters ?? []).map((f) => {
    if (!f.Name) throw invalidParameterValue('The filter name must not be empty.');
    return { name: f.Name, patterns: (f.Values ?? []).map(wildcard) };
  });
}

/** Checks every filter name against a sample record's vocabulary, so an unknown filter fails even on an empty list. */
export function assertKnownFilters<T>(filters: readonly CompiledFilter[], values: FilterValues<T>, sample: T): void {
  for (const f of filters) {
    if (values(sample, f.name) !== undefined) continue;
    if (NETWORK_FILTER.test(f.name))
      throw invalidParameterValue(
        `The filter '${f.name}' is about networking, which this emulator does not model here.`,
      );
    throw invalidParameterValue(`The filter '${f.name}' is invalid`);
  }
}

/** Filters on networks, addresses and security groups. */
const NETWORK_FILTER =
  /^(vpc-id|subnet-id|group-id|group-name|instance\.group-(id|name)|network-interface\..*|association\..*|ip-address|private-ip-address|private-dns-name|dns-name|ipv6-address|source-dest-check|network-performance-options\..*|outpost-arn)$/;

export function matchesFilters<T>(record: T, filters: readonly CompiledFilter[], values: FilterValues<T>): boolean {
  for (const f of filters) {
    const actual = values(record, f.name) ?? [];
    const hit = actual.some(
      (v) => v !== undefined && f.patterns.some((p) => (typeof p === 'string' ? p === v : p.test(v))),
    );
    if (!hit) return false;
  }
  return true;
}
