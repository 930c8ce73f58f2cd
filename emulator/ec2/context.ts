import type { TagSpecification } from '@aws-sdk/client-ec2';
import type { Caller } from '../accounts';
import type { Emulator } from '../emulator';
import {
  ApiError,
  dryRunOperation,
  idempotentParameterMismatch,
  instanceNotFound,
  invalidParameterValue,
  malformedId,
  missingParameter,
  volumeNotFound,
} from '../errors';
import { type IdKind, isIdOf } from '../ids';
import type { ActionDef } from '../service';
import type { InstanceRecord, RegionState, Tag, VolumeRecord } from '../state';

export interface ActionContext {
  em: Emulator;
  region: string;
  /** The calling account's state of the region. */
  rs: RegionState;
  now: number;
  dryRun: boolean;
  /** The calling account. */
  account: string;
  caller: Caller;
}

export type Ec2ActionDef<I, O> = ActionDef<ActionContext, I, O>;

export const define = <I, O>(def: Ec2ActionDef<I, O>): Ec2ActionDef<I, O> => def;

export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value === ''))
    throw missingParameter(name);
  return value;
}

/** Call after every check and before any change: a dry run ends here. */
export function dryRunGate(ctx: ActionContext): void {
  if (ctx.dryRun) throw dryRunOperation();
}

const MALFORMED: Record<IdKind, string> = {
  instance: 'InvalidInstanceID.Malformed',
  volume: 'InvalidVolumeID.Malformed',
  snapshot: 'InvalidSnapshotID.Malformed',
  image: 'InvalidAMIID.Malformed',
};

export function checkIds(kind: IdKind, ids: readonly string[]): void {
  for (const id of ids) if (!isIdOf(kind, id)) throw malformedId(MALFORMED[kind], id);
}

function lookup<T>(
  kind: IdKind,
  table: Record<string, T>,
  ids: readonly string[],
  notFound: (missing: string[]) => ApiError,
): T[] {
  checkIds(kind, ids);
  const missing = ids.filter((id) => !table[id]);
  if (missing.length > 0) throw notFound(missing);
  return ids.map((id) => table[id]!);
}

/** Instances and volumes are the caller's own; images and snapshots may be shared (see sharing.ts). */
export const findInstances = (rs: RegionState, ids: readonly string[]): InstanceRecord[] =>
  lookup('instance', rs.instances, ids, instanceNotFound);
export const findVolumes = (rs: RegionState, ids: readonly string[]): VolumeRecord[] =>
  lookup('volume', rs.volumes, ids, volumeNotFound);

export const findInstance = (rs: RegionState, id: string) => findInstances(rs, [id])[0]!;
export const findVolume = (rs: RegionState, id: string) => findVolumes(rs, [id])[0]!;

const TAGGABLE = new Set(['instance', 'volume', 'snapshot', 'image', 'image-usage-report', 'key-pair']);

/** Tags from TagSpecifications for one resource type; an unsupported type or bad tag is refused. */
export function tagsFor(specs: readonly TagSpecification[] | undefined, resourceType: string): Tag[] {
  const tags: Tag[] = [];
  for (const spec of specs ?? []) {
    if (!spec.ResourceType || !TAGGABLE.has(spec.ResourceType)) {
      throw invalidParameterValue(
        `'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
    if (spec.ResourceType !== resourceType) continue;
    for (const t of spec.Tags ?? []) tags.push(checkTag(t.Key, t.Value));
  }
  checkTagCount(tags.length);
  return tags;
}

/** EC2 keeps at most 50 tags on a resource. */
export const MAX_TAGS = 50;

export function checkTagCount(count: number): void {
  if (count > MAX_TAGS)
    throw new ApiError('TagLimitExceeded', `The maximum number of tags (${MAX_TAGS}) for a resource has been reached.`);
}

/** Characters XML cannot carry, which EC2 refuses in tags. */
const hasControl = (text: string) =>
  [...text].some((ch) => {
    const code = ch.codePointAt(0)!;
    return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code >= 0xfffe;
  });

export function checkTag(key: string | undefined, value: string | undefined): Tag {
  if (!key) throw invalidParameterValue('Tag keys must not be empty.');
  if (hasControl(key) || hasControl(value ?? ''))
    throw invalidParameterValue('Tag keys and values must not contain control characters.');
  if (key.length > 128) throw invalidParameterValue(`Tag key exceeds the maximum length of 128 characters: ${key}`);
  if (key.toLowerCase().startsWith('aws:'))
    throw invalidParameterValue(`Tag keys starting with 'aws:' are reserved for internal use`);
  if ((value ?? '').length > 256)
    throw invalidParameterValue(`Tag value exceeds the maximum length of 256 characters.`);
  return { key, value: value ?? '' };
}

export function checkSpecsFor(specs: readonly TagSpecification[] | undefined, allowed: readonly string[]): void {
  for (const spec of specs ?? []) {
    if (!spec.ResourceType || !allowed.includes(spec.ResourceType)) {
      throw invalidParameterValue(
        `'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
  }
}

/**
 * ClientToken idempotency: the same token with the same parameters answers the first result again and creates
 * nothing; the same token with other parameters is IdempotentParameterMismatch.
 */
export function idempotent<I extends { ClientToken?: string; DryRun?: boolean }, O>(
  ctx: ActionContext,
  action: string,
  input: I,
  create: () => O,
): O {
  const token = input.ClientToken;
  if (token === undefined || token === '') return create();
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) {
    throw invalidParameterValue('The client token must be at most 64 printable ASCII characters.');
  }
  const { ClientToken: _token, DryRun: _dryRun, ...rest } = input;
  const fingerprint = JSON.stringify(rest);
  const seen = ctx.rs.clientTokens[token];
  if (seen) {
    if (seen.action !== action || seen.fingerprint !== fingerprint) throw idempotentParameterMismatch(token);
    // A dry run always fails, even when it repeats a call that already succeeded.
    dryRunGate(ctx);
    return structuredClone(seen.result) as O;
  }
  const result = create();
  if (!ctx.dryRun) ctx.rs.clientTokens[token] = { action, fingerprint, result: structuredClone(result) };
  return result;
}

/** A list of ids sent more than once is one request for each. */
export const unique = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])];

/** AWS's AMI name rule: 3–128 characters of letters, digits and ( ) [ ] space . / - ' @ _ */
export function checkImageName(name: string): void {
  if (name.length < 3 || name.length > 128 || !/^[A-Za-z0-9()[\] ./\-'@_]+$/.test(name)) {
    throw invalidParameterValue(
      `Invalid AMI name '${name}': use 3 to 128 letters, numbers, spaces and the characters ( ) [ ] . / - ' @ _`,
    );
  }
}

export function checkDescription(description: string | undefined, max = 255): void {
  if (description !== undefined && description.length > max) {
    throw invalidParameterValue(`The description is longer than ${max} characters.`);
  }
}
