import { createHash, generateKeyPairSync } from 'node:crypto';
import type {
  CreateKeyPairRequest,
  DeleteKeyPairRequest,
  DeleteKeyPairResult,
  DescribeKeyPairsRequest,
  DescribeKeyPairsResult,
  ImportKeyPairRequest,
  ImportKeyPairResult,
  KeyPair,
  KeyPairInfo,
} from '@aws-sdk/client-ec2';
import { ApiError, invalidParameterValue } from '../errors';
import type { KeyPairRecord, RegionState } from '../state';
import { type ActionContext, checkSpecsFor, define, dryRunGate, required, tagsFor, unique } from './context';
import { assertKnownFilters, compileFilters, type FilterValues, matchesFilters, tagFilterValues } from './filters';

/** Key pairs per account and region, by name: RunInstances' KeyName names one. */

export const keyPairsOf = (rs: RegionState): Record<string, KeyPairRecord> => (rs.keyPairs ??= {});

export const keyPairNotFound = (name: string) =>
  new ApiError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);

/** The key pair a name refers to, or InvalidKeyPair.NotFound. */
export function findKeyPair(rs: RegionState, name: string): KeyPairRecord {
  const pair = rs.keyPairs?.[name];
  if (!pair) throw keyPairNotFound(name);
  return pair;
}

const colons = (hex: string) => hex.match(/../g)!.join(':');

function checkName(ctx: ActionContext, name: string): void {
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name))
    throw invalidParameterValue('Key pair names are 1 to 255 printable ASCII characters.');
  if (keyPairsOf(ctx.rs)[name]) throw new ApiError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
}

function addKeyPair(ctx: ActionContext, fields: Omit<KeyPairRecord, 'seq' | 'id' | 'createTime'>): KeyPairRecord {
  const record: KeyPairRecord = { seq: ctx.em.nextSeq(), id: ctx.em.nextId('key'), createTime: ctx.now, ...fields };
  keyPairsOf(ctx.rs)[record.name] = record;
  return record;
}

/** A new key: EC2 keeps the public half and answers the private half once. */
function newKey(type: 'rsa' | 'ed25519') {
  const { publicKey, privateKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const material =
    type === 'rsa'
      ? privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
      : privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fingerprint =
    type === 'rsa'
      ? colons(createHash('sha1').update(pkcs8).digest('hex'))
      : `${createHash('sha256')
          .update(publicKey.export({ type: 'spki', format: 'der' }))
          .digest('base64')
          .replace(/=+$/, '')}=`;
  const ssh = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { material, fingerprint, publicKey: ssh };
}

/** An OpenSSH public key line (`ssh-rsa AAAA… comment`, `ssh-ed25519 …`), else InvalidKey.Format. */
function parsePublicKey(material: Uint8Array | string): { type: 'rsa' | 'ed25519'; line: string; fingerprint: string } {
  // The wire carries the blob in base64; the form reader leaves it as that text.
  const bytes = typeof material === 'string' ? Buffer.from(material, 'base64') : Buffer.from(material);
  const line = bytes.toString('utf8').trim();
  const match = /^(ssh-rsa|ssh-ed25519) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(line);
  if (!match) throw new ApiError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
  const blob = Buffer.from(match[2]!, 'base64');
  const type = match[1] === 'ssh-rsa' ? 'rsa' : 'ed25519';
  const fingerprint =
    type === 'rsa'
      ? colons(createHash('md5').update(blob).digest('hex'))
      : `${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}=`;
  return { type, line, fingerprint };
}

const keyFilters: FilterValues<KeyPairRecord> = (r, name) => {
  switch (name) {
    case 'key-name':
      return [r.name];
    case 'key-pair-id':
      return [r.id];
    case 'fingerprint':
      return [r.fingerprint];
    case 'key-type':
      return [r.type];
    default:
      return tagFilterValues(r.tags, name);
  }
};

const SAMPLE_KEY = { tags: [] } as unknown as KeyPairRecord;

function keyPairInfo(r: KeyPairRecord, includePublicKey: boolean): KeyPairInfo {
  return {
    KeyPairId: r.id,
    KeyName: r.name,
    KeyFingerprint: r.fingerprint,
    KeyType: r.type,
    CreateTime: new Date(r.createTime),
    PublicKey: includePublicKey ? r.publicKey : undefined,
    Tags: r.tags.length > 0 ? r.tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined,
  };
}

export const keyPairActions = {
  CreateKeyPair: define<CreateKeyPairRequest, KeyPair>({
    mutating: true,
    handle(ctx, input) {
      const name = required(input.KeyName, 'KeyName');
      checkName(ctx, name);
      const type: string = input.KeyType ?? 'rsa';
      if (type !== 'rsa' && type !== 'ed25519') throw invalidParameterValue(`Invalid value '${type}' for KeyType.`);
      if (input.KeyFormat !== undefined && input.KeyFormat !== 'pem')
        throw invalidParameterValue('The emulator answers private keys in the pem format only.');
      checkSpecsFor(input.TagSpecifications, ['key-pair']);
      const tags = tagsFor(input.TagSpecifications, 'key-pair');
      dryRunGate(ctx);
      const key = newKey(type);
      const record = addKeyPair(ctx, { name, type, fingerprint: key.fingerprint, publicKey: key.publicKey, tags });
      return {
        KeyPairId: record.id,
        KeyName: name,
        KeyFingerprint: key.fingerprint,
        KeyMaterial: key.material,
        Tags: keyPairInfo(record, false).Tags,
      };
    },
  }),

  ImportKeyPair: define<ImportKeyPairRequest, ImportKeyPairResult>({
    mutating: true,
    handle(ctx, input) {
      const name = required(input.KeyName, 'KeyName');
      checkName(ctx, name);
      const parsed = parsePublicKey(required(input.PublicKeyMaterial, 'PublicKeyMaterial'));
      checkSpecsFor(input.TagSpecifications, ['key-pair']);
      const tags = tagsFor(input.TagSpecifications, 'key-pair');
      dryRunGate(ctx);
      const record = addKeyPair(ctx, {
        name,
        type: parsed.type,
        fingerprint: parsed.fingerprint,
        publicKey: parsed.line,
        tags,
      });
      return {
        KeyPairId: record.id,
        KeyName: name,
        KeyFingerprint: parsed.fingerprint,
        Tags: keyPairInfo(record, false).Tags,
      };
    },
  }),

  DescribeKeyPairs: define<DescribeKeyPairsRequest, DescribeKeyPairsResult>({
    mutating: false,
    handle(ctx, input) {
      const filters = compileFilters(input.Filters);
      assertKnownFilters(filters, keyFilters, SAMPLE_KEY);
      const pairs = Object.values(ctx.rs.keyPairs ?? {});
      const names = unique(input.KeyNames);
      for (const n of names) findKeyPair(ctx.rs, n);
      const ids = unique(input.KeyPairIds);
      for (const id of ids) {
        if (!pairs.some((p) => p.id === id))
          throw new ApiError('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`);
      }
      dryRunGate(ctx);
      const chosen = pairs
        .filter((p) => (names.length === 0 || names.includes(p.name)) && (ids.length === 0 || ids.includes(p.id)))
        .filter((p) => matchesFilters(p, filters, keyFilters))
        .sort((a, b) => a.seq - b.seq);
      return { KeyPairs: chosen.map((p) => keyPairInfo(p, input.IncludePublicKey === true)) };
    },
  }),

  DeleteKeyPair: define<DeleteKeyPairRequest, DeleteKeyPairResult>({
    mutating: true,
    handle(ctx, input) {
      if (input.KeyName === undefined && input.KeyPairId === undefined)
        throw invalidParameterValue('Name either KeyName or KeyPairId.');
      const pairs = Object.values(ctx.rs.keyPairs ?? {});
      const pair = pairs.find((p) => p.name === input.KeyName || p.id === input.KeyPairId);
      if (!pair && input.KeyPairId !== undefined)
        throw new ApiError('InvalidKeyPair.NotFound', `The key pair ID '${input.KeyPairId}' does not exist`);
      dryRunGate(ctx);
      // Deleting a name that does not exist succeeds, as on EC2.
      if (pair) delete keyPairsOf(ctx.rs)[pair.name];
      return { Return: true, KeyPairId: pair?.id };
    },
  }),
};
