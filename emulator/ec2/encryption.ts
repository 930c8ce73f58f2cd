import { createHash } from 'node:crypto';
import type {
  DisableEbsEncryptionByDefaultRequest,
  DisableEbsEncryptionByDefaultResult,
  EnableEbsEncryptionByDefaultRequest,
  EnableEbsEncryptionByDefaultResult,
  GetEbsDefaultKmsKeyIdRequest,
  GetEbsDefaultKmsKeyIdResult,
  GetEbsEncryptionByDefaultRequest,
  GetEbsEncryptionByDefaultResult,
  ModifyEbsDefaultKmsKeyIdRequest,
  ModifyEbsDefaultKmsKeyIdResult,
  ResetEbsDefaultKmsKeyIdRequest,
  ResetEbsDefaultKmsKeyIdResult,
} from '@aws-sdk/client-ec2';
import type { Emulator } from '../emulator';
import { ApiError, invalidParameterValue } from '../errors';
import {
  CUSTOMER_KEYS,
  type EbsDefaultsRecord,
  type EncryptionRecord,
  type ImageRecord,
  type RegionState,
  type SnapshotRecord,
} from '../state';
import { type ActionContext, define, dryRunGate, required } from './context';

/**
 * EBS encryption as EC2 applies it. Every account holds, in every region, the AWS managed key `alias/aws/ebs` and the
 * customer managed keys the scenario names; a key's id follows from its account, region and alias, so keys need no
 * state. A region may encrypt new volumes by default, with its default key (`alias/aws/ebs` unless changed).
 */

export const AWS_MANAGED_ALIAS = 'alias/aws/ebs';

export interface KmsKey {
  id: string;
  arn: string;
  alias: string;
  account: string;
  region: string;
  awsManaged: boolean;
}

function keyId(account: string, region: string, alias: string): string {
  const hex = createHash('sha256').update(`${account}/${region}/${alias}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function keyOf(account: string, region: string, alias: string): KmsKey {
  const id = keyId(account, region, alias);
  return {
    id,
    arn: `arn:aws:kms:${region}:${account}:key/${id}`,
    alias,
    account,
    region,
    awsManaged: alias === AWS_MANAGED_ALIAS,
  };
}

/** The keys an account holds in a region: the AWS managed one first. */
export function keysOf(em: Emulator, account: string, region: string): KmsKey[] {
  const aliases = [AWS_MANAGED_ALIAS, ...(em.view.customerKeys ?? CUSTOMER_KEYS)];
  return aliases.map((alias) => keyOf(account, region, alias));
}

const KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/;
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A key named as EC2 accepts it: key id, `alias/…`, key ARN or alias ARN (the last two may be another account's). */
export function resolveKey(em: Emulator, account: string, region: string, named: string): KmsKey {
  const arn = KEY_ARN.exec(named);
  const [keyRegion, keyAccount, name] = arn ? [arn[1]!, arn[2]!, arn[3]!] : [region, account, named];
  if (!arn && !KEY_ID.test(named) && !named.startsWith('alias/')) {
    throw invalidParameterValue(`Invalid id: "${named}" (expecting a KMS key id, alias, key ARN or alias ARN)`);
  }
  const known = em.account(keyAccount) ? keysOf(em, keyAccount, keyRegion) : [];
  const key = known.find((k) => k.alias === name || `key/${k.id}` === name || k.id === name);
  // EC2 checks the key asynchronously and fails the new resource later; the emulator refuses at once.
  if (!key) throw invalidParameterValue(`The KMS key ${named} does not exist in ${keyRegion}.`);
  if (keyRegion !== region) throw invalidParameterValue(`The KMS key ${named} is not in region ${region}.`);
  return key;
}

/** The key behind a key ARN, if it is one of the emulator's. */
export function keyByArn(em: Emulator, arn: string): KmsKey | undefined {
  const match = KEY_ARN.exec(arn);
  if (!match) return undefined;
  return keysOf(em, match[2]!, match[1]!).find((k) => k.arn === arn);
}

export const isAwsManagedKey = (em: Emulator, arn: string) => keyByArn(em, arn)?.awsManaged ?? false;

const defaultsOf = (rs: RegionState): EbsDefaultsRecord => rs.ebsDefaults ?? { encryptionByDefault: false };

/** The region's default key for EBS, as a key. */
export function defaultKey(em: Emulator, account: string, region: string): KmsKey {
  const named = defaultsOf(em.region(account, region)).kmsKeyId;
  return named ? resolveKey(em, account, region, named) : keyOf(account, region, AWS_MANAGED_ALIAS);
}

/** KmsKeyId needs Encrypted, as EC2 checks it. */
export function checkKmsParameters(encrypted: boolean | undefined, kmsKeyId: string | undefined): void {
  if (kmsKeyId !== undefined && encrypted !== true) {
    throw new ApiError(
      'InvalidParameterDependency',
      'The parameter KmsKeyId requires the parameter Encrypted to be set.',
    );
  }
}

export interface EncryptionRequest {
  Encrypted?: boolean;
  KmsKeyId?: string;
}

/**
 * The encryption of a new volume or snapshot: encrypted when its source is, when asked, or when the region encrypts
 * by default (Encrypted=false never decrypts). The key is the one named, else the source's when it keeps it
 * (a restore, a snapshot of a volume), else the region's default key.
 */
export function encryptionFor(
  ctx: ActionContext,
  request: EncryptionRequest,
  source: { encryption?: EncryptionRecord; keepsKey: boolean } = { keepsKey: false },
): EncryptionRecord | undefined {
  checkKmsParameters(request.Encrypted, request.KmsKeyId);
  const wanted =
    source.encryption !== undefined || request.Encrypted === true || defaultsOf(ctx.rs).encryptionByDefault;
  if (!wanted) return undefined;
  if (request.KmsKeyId !== undefined)
    return { kmsKeyId: resolveKey(ctx.em, ctx.account, ctx.region, request.KmsKeyId).arn };
  if (source.encryption && source.keepsKey) return { ...source.encryption };
  return { kmsKeyId: defaultKey(ctx.em, ctx.account, ctx.region).arn };
}

/**
 * Sharing an encrypted snapshot needs a customer managed key (the recipient must be able to use the key), and an
 * encrypted snapshot is never public.
 */
export function checkSnapshotShareable(
  em: Emulator,
  snapshot: SnapshotRecord,
  added: readonly { Group?: string }[],
): void {
  const key = snapshot.encryption?.kmsKeyId;
  if (key === undefined) return;
  if (added.some((p) => p.Group === 'all'))
    throw new ApiError('OperationNotPermitted', 'Encrypted snapshots cannot be made public.');
  if (isAwsManagedKey(em, key))
    throw new ApiError('OperationNotPermitted', 'Encrypted snapshots with EBS default key cannot be shared');
}

/** The same for an image: each encrypted snapshot it maps needs a customer managed key; never public. */
export function checkImageShareable(em: Emulator, image: ImageRecord, added: readonly { Group?: string }[]): void {
  const keys = image.mappings.flatMap((m) => (m.encryption ? [m.encryption.kmsKeyId] : []));
  if (keys.length === 0) return;
  if (added.some((p) => p.Group === 'all'))
    throw new ApiError('InvalidParameter', 'Images with encrypted snapshots cannot be made public.');
  if (keys.some((k) => isAwsManagedKey(em, k)))
    throw new ApiError(
      'InvalidParameter',
      "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.",
    );
}

const setDefaults = (ctx: ActionContext, change: Partial<EbsDefaultsRecord>) => {
  ctx.rs.ebsDefaults = { ...defaultsOf(ctx.rs), ...change };
};

/** What GetEbsDefaultKmsKeyId answers: the key as it was named, as an ARN; the AWS managed key's alias ARN. */
function defaultKeyName(ctx: ActionContext): string {
  const named = defaultsOf(ctx.rs).kmsKeyId;
  return named ?? `arn:aws:kms:${ctx.region}:${ctx.account}:${AWS_MANAGED_ALIAS}`;
}

export const encryptionActions = {
  GetEbsEncryptionByDefault: define<GetEbsEncryptionByDefaultRequest, GetEbsEncryptionByDefaultResult>({
    mutating: false,
    handle(ctx) {
      dryRunGate(ctx);
      return { EbsEncryptionByDefault: defaultsOf(ctx.rs).encryptionByDefault, SseType: 'sse-ebs' };
    },
  }),

  EnableEbsEncryptionByDefault: define<EnableEbsEncryptionByDefaultRequest, EnableEbsEncryptionByDefaultResult>({
    mutating: true,
    handle(ctx) {
      dryRunGate(ctx);
      setDefaults(ctx, { encryptionByDefault: true });
      return { EbsEncryptionByDefault: true };
    },
  }),

  DisableEbsEncryptionByDefault: define<DisableEbsEncryptionByDefaultRequest, DisableEbsEncryptionByDefaultResult>({
    mutating: true,
    handle(ctx) {
      dryRunGate(ctx);
      setDefaults(ctx, { encryptionByDefault: false });
      return { EbsEncryptionByDefault: false };
    },
  }),

  GetEbsDefaultKmsKeyId: define<GetEbsDefaultKmsKeyIdRequest, GetEbsDefaultKmsKeyIdResult>({
    mutating: false,
    handle(ctx) {
      dryRunGate(ctx);
      return { KmsKeyId: defaultKeyName(ctx) };
    },
  }),

  ModifyEbsDefaultKmsKeyId: define<ModifyEbsDefaultKmsKeyIdRequest, ModifyEbsDefaultKmsKeyIdResult>({
    mutating: true,
    handle(ctx, input) {
      const named = required(input.KmsKeyId, 'KmsKeyId');
      const key = resolveKey(ctx.em, ctx.account, ctx.region, named);
      dryRunGate(ctx);
      // EC2 keeps an alias as an alias ARN and anything else as the key's ARN.
      const kmsKeyId = named.includes('alias/') ? `arn:aws:kms:${ctx.region}:${key.account}:${key.alias}` : key.arn;
      setDefaults(ctx, { kmsKeyId });
      return { KmsKeyId: kmsKeyId };
    },
  }),

  ResetEbsDefaultKmsKeyId: define<ResetEbsDefaultKmsKeyIdRequest, ResetEbsDefaultKmsKeyIdResult>({
    mutating: true,
    handle(ctx) {
      dryRunGate(ctx);
      setDefaults(ctx, { kmsKeyId: undefined });
      return { KmsKeyId: defaultKeyName(ctx) };
    },
  }),
};
