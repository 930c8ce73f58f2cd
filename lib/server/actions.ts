import 'server-only';
import {
  type BlockDeviceMapping,
  type _InstanceType,
  AttachVolumeCommand,
  CopyImageCommand,
  CopySnapshotCommand,
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  RestoreImageFromRecycleBinCommand,
  RestoreSnapshotFromRecycleBinCommand,
  DetachVolumeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { z } from 'zod';
import {
  type ActionName,
  type ActionResult,
  AttachVolumeBody,
  CopyImageBody,
  CopySnapshotBody,
  CreateImageBody,
  CreateSnapshotBody,
  CreateVolumeBody,
  DeleteSnapshotBody,
  DeleteVolumeBody,
  DeregisterImageBody,
  DetachVolumeBody,
  type ParsedActionBody,
  RestoreImageBody,
  RestoreSnapshotBody,
  RunInstancesBody,
  TerminateInstancesBody,
} from '@/lib/api/actions';
import { accountKeyFor } from './accounts';
import { type AccountKey, DEFAULT_ACCOUNT } from './credentials';
import { ec2Client } from './ec2';
import { ACTION_DEADLINE_MS, abortReason, withDeadline } from './deadline';
import { DeadlineExceeded, type Ec2Failure, classifyEc2Error } from './errors';
import { invalidateInventory, listRegions } from './inventory';
import { clearRecycleBinCache } from './recycle-bin';

/**
 * The actions of POST /api/actions/*: one typed function per EC2 call, and performAction, which runs one with the
 * rules every action shares — known regions, dry runs, idempotency keys, and a fresh inventory afterwards.
 */

type Body<A extends ActionName> = ParsedActionBody<A>;

/** How one call goes to EC2. */
export interface SendOptions {
  /** Ask EC2 whether the call would be allowed; it answers DryRunOperation and changes nothing. */
  dryRun?: boolean;
  /** EC2's own idempotency token, for the calls that take one. */
  clientToken?: string;
  /** Stops the call (its deadline passed). */
  abortSignal?: AbortSignal;
  /** The account whose credentials act; the current credentials' when absent. */
  account?: AccountKey;
}

/** EC2 answered 200 without the field that carries the new id. */
class MalformedAnswer extends Error {
  constructor(operation: string, field: string) {
    super(`${operation} answered without ${field}.`);
    this.name = 'MalformedEc2Answer';
  }
}

function present<T>(value: T | undefined | null, operation: string, field: string): T {
  if (value === undefined || value === null) throw new MalformedAnswer(operation, field);
  return value;
}

const dryRunFlag = (send: SendOptions) => (send.dryRun ? true : undefined);
const sendOptions = (send: SendOptions) => ({ abortSignal: send.abortSignal });

export async function createImage(body: Body<'create-image'>, send: SendOptions = {}): Promise<ActionResult> {
  const answer = await ec2Client(body.region, 'action', send.account).send(
    new CreateImageCommand({
      InstanceId: body.instanceId,
      Name: body.name,
      Description: body.description,
      NoReboot: body.noReboot,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  return { imageId: present(answer.ImageId, 'CreateImage', 'ImageId') };
}

/** An instance profile named by ARN or by name, as RunInstances takes it. */
const instanceProfileSpec = (profile: string) => (profile.startsWith('arn:') ? { Arn: profile } : { Name: profile });

export async function runInstances(body: Body<'run-instances'>, send: SendOptions = {}): Promise<ActionResult> {
  const mappings: BlockDeviceMapping[] = (body.extraVolumes ?? []).map((v) => ({
    DeviceName: v.deviceName,
    Ebs: { VolumeSize: v.sizeGiB, VolumeType: v.volumeType, DeleteOnTermination: v.deleteOnTermination },
  }));
  const answer = await ec2Client(body.region, 'action', send.account).send(
    new RunInstancesCommand({
      ImageId: body.imageId,
      // The SDK's union lists today's types; EC2 takes any name and answers for one it does not know.
      InstanceType: body.instanceType as _InstanceType,
      MinCount: body.count,
      MaxCount: body.count,
      BlockDeviceMappings: mappings.length > 0 ? mappings : undefined,
      SubnetId: body.subnetId,
      SecurityGroupIds: body.securityGroupIds,
      KeyName: body.keyName,
      IamInstanceProfile: body.iamInstanceProfile ? instanceProfileSpec(body.iamInstanceProfile) : undefined,
      // EC2 takes user data in base64 (the SDK sends this field as it is given).
      UserData: body.userData ? Buffer.from(body.userData, 'utf8').toString('base64') : undefined,
      TagSpecifications: body.name
        ? [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: body.name }] }]
        : undefined,
      ClientToken: send.clientToken,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  const instanceIds = (answer.Instances ?? []).map((i) =>
    present(i.InstanceId, 'RunInstances', 'Instances.InstanceId'),
  );
  if (instanceIds.length === 0) throw new MalformedAnswer('RunInstances', 'Instances');
  return { instanceIds };
}

export async function createSnapshot(body: Body<'create-snapshot'>, send: SendOptions = {}): Promise<ActionResult> {
  const answer = await ec2Client(body.region, 'action', send.account).send(
    new CreateSnapshotCommand({ VolumeId: body.volumeId, Description: body.description, DryRun: dryRunFlag(send) }),
    sendOptions(send),
  );
  return { snapshotId: present(answer.SnapshotId, 'CreateSnapshot', 'SnapshotId') };
}

export async function createVolume(body: Body<'create-volume'>, send: SendOptions = {}): Promise<ActionResult> {
  const answer = await ec2Client(body.region, 'action', send.account).send(
    new CreateVolumeCommand({
      SnapshotId: body.snapshotId,
      AvailabilityZone: body.availabilityZone,
      Size: body.sizeGiB,
      VolumeType: body.volumeType,
      ClientToken: send.clientToken,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  return { volumeId: present(answer.VolumeId, 'CreateVolume', 'VolumeId') };
}

/** Sent to the destination region, which pulls the image (and copies its snapshots) from the source region. */
export async function copyImage(body: Body<'copy-image'>, send: SendOptions = {}): Promise<ActionResult> {
  const answer = await ec2Client(body.destinationRegion, 'action', send.account).send(
    new CopyImageCommand({
      SourceRegion: body.sourceRegion,
      SourceImageId: body.imageId,
      Name: body.name,
      Description: body.description,
      ClientToken: send.clientToken,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  return { imageId: present(answer.ImageId, 'CopyImage', 'ImageId') };
}

export async function copySnapshot(body: Body<'copy-snapshot'>, send: SendOptions = {}): Promise<ActionResult> {
  const answer = await ec2Client(body.destinationRegion, 'action', send.account).send(
    new CopySnapshotCommand({
      SourceRegion: body.sourceRegion,
      SourceSnapshotId: body.snapshotId,
      Description: body.description,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  return { snapshotId: present(answer.SnapshotId, 'CopySnapshot', 'SnapshotId') };
}

/**
 * With deleteSnapshots, EC2 deletes the image's snapshots that no other image uses and reports each: `success`
 * was deleted; anything else (`skipped`: another image uses it; an error code) is still there and listed as kept.
 */
export async function deregisterImage(body: Body<'deregister-image'>, send: SendOptions = {}): Promise<ActionResult> {
  const answer = await ec2Client(body.region, 'action', send.account).send(
    new DeregisterImageCommand({
      ImageId: body.imageId,
      DeleteAssociatedSnapshots: body.deleteSnapshots ? true : undefined,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  if (!body.deleteSnapshots) return { imageId: body.imageId };
  const results = (answer.DeleteSnapshotResults ?? []).filter((r) => r.SnapshotId);
  return {
    imageId: body.imageId,
    deletedSnapshotIds: results.filter((r) => r.ReturnCode === 'success').map((r) => r.SnapshotId!),
    keptSnapshotIds: results.filter((r) => r.ReturnCode !== 'success').map((r) => r.SnapshotId!),
  };
}

/** EC2 refuses with VolumeInUse while the volume is attached. */
export async function deleteVolume(body: Body<'delete-volume'>, send: SendOptions = {}): Promise<ActionResult> {
  await ec2Client(body.region, 'action', send.account).send(
    new DeleteVolumeCommand({ VolumeId: body.volumeId, DryRun: dryRunFlag(send) }),
    sendOptions(send),
  );
  return { volumeId: body.volumeId };
}

/** EC2 refuses with IncorrectState unless the volume is available and the instance in its zone. */
export async function attachVolume(body: Body<'attach-volume'>, send: SendOptions = {}): Promise<ActionResult> {
  await ec2Client(body.region, 'action', send.account).send(
    new AttachVolumeCommand({
      VolumeId: body.volumeId,
      InstanceId: body.instanceId,
      Device: body.device,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  return { volumeId: body.volumeId, instanceIds: [body.instanceId] };
}

export async function detachVolume(body: Body<'detach-volume'>, send: SendOptions = {}): Promise<ActionResult> {
  await ec2Client(body.region, 'action', send.account).send(
    new DetachVolumeCommand({
      VolumeId: body.volumeId,
      InstanceId: body.instanceId,
      Force: body.force ? true : undefined,
      DryRun: dryRunFlag(send),
    }),
    sendOptions(send),
  );
  return { volumeId: body.volumeId, instanceIds: [body.instanceId] };
}

export async function deleteSnapshot(body: Body<'delete-snapshot'>, send: SendOptions = {}): Promise<ActionResult> {
  await ec2Client(body.region, 'action', send.account).send(
    new DeleteSnapshotCommand({ SnapshotId: body.snapshotId, DryRun: dryRunFlag(send) }),
    sendOptions(send),
  );
  return { snapshotId: body.snapshotId };
}

/** Whether an error says the resource is not there (not in the bin, for a restore). */
const notFound = (error: unknown) => classifyEc2Error(error).code.endsWith('.NotFound');

/**
 * Restores a snapshot from the Recycle Bin. Idempotent: when it is no longer in the bin because it was restored
 * already (it is in the inventory again), that is success.
 */
export async function restoreSnapshot(body: Body<'restore-snapshot'>, send: SendOptions = {}): Promise<ActionResult> {
  const client = ec2Client(body.region, 'action', send.account);
  try {
    await client.send(
      new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: body.snapshotId, DryRun: dryRunFlag(send) }),
      sendOptions(send),
    );
  } catch (error) {
    if (send.dryRun || !notFound(error)) throw error;
    const back = await client
      .send(new DescribeSnapshotsCommand({ SnapshotIds: [body.snapshotId] }), sendOptions(send))
      .catch(() => undefined);
    if (!back?.Snapshots?.length) throw error;
  }
  return { snapshotId: body.snapshotId };
}

/** Restores an AMI from the Recycle Bin; idempotent as restoreSnapshot is. */
export async function restoreImage(body: Body<'restore-image'>, send: SendOptions = {}): Promise<ActionResult> {
  const client = ec2Client(body.region, 'action', send.account);
  try {
    await client.send(
      new RestoreImageFromRecycleBinCommand({ ImageId: body.imageId, DryRun: dryRunFlag(send) }),
      sendOptions(send),
    );
  } catch (error) {
    if (send.dryRun || !notFound(error)) throw error;
    const back = await client
      .send(new DescribeImagesCommand({ ImageIds: [body.imageId] }), sendOptions(send))
      .catch(() => undefined);
    if (!back?.Images?.length) throw error;
  }
  return { imageId: body.imageId };
}

export async function terminateInstances(
  body: Body<'terminate-instances'>,
  send: SendOptions = {},
): Promise<ActionResult> {
  const answer = await ec2Client(body.region, 'action', send.account).send(
    new TerminateInstancesCommand({ InstanceIds: body.instanceIds, DryRun: dryRunFlag(send) }),
    sendOptions(send),
  );
  const instanceIds = (answer.TerminatingInstances ?? []).map((c) => c.InstanceId).filter((id): id is string => !!id);
  return { instanceIds: instanceIds.length > 0 ? instanceIds : body.instanceIds };
}

type Failure = Ec2Failure & { field?: string };

interface ActionSpec<A extends ActionName> {
  /** The body schema, refusing fields it does not know (a mistyped `noReboot` must not be ignored). */
  schema: z.ZodType<Body<A>>;
  run(body: Body<A>, send: SendOptions): Promise<ActionResult>;
  /** 202 when EC2 answers with resources that are still pending; 200 when the action is done. */
  status: 200 | 202;
  /** Where a repeat is recognised: EC2's ClientToken, or this server (the call takes no token). */
  idempotency: 'client-token' | 'server';
  /** The regions the body names, by field: each must be one Lineage works with. */
  regions(body: Body<A>): [field: string, region: string][];
  /** The regions whose inventory the action changes. */
  changes(body: Body<A>): string[];
  /** What EC2 alone would answer badly, refused before calling it. */
  preflight?(body: Body<A>): Failure | undefined;
  /** The body's field an EC2 error code is about, so the dialog can point at it. */
  fields?: Record<string, string>;
}

const inRegion = (body: { region: string }): [string, string][] => [['region', body.region]];
const copyRegions = (body: { sourceRegion: string; destinationRegion: string }): [string, string][] => [
  ['sourceRegion', body.sourceRegion],
  ['destinationRegion', body.destinationRegion],
];
const invalid = (field: string, message: string): Failure => ({
  status: 400,
  code: 'ValidationError',
  field,
  message: `${field} ${message}`,
});

const SPECS: { [A in ActionName]: ActionSpec<A> } = {
  'create-image': {
    schema: CreateImageBody.strict(),
    run: createImage,
    status: 202,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'run-instances': {
    schema: RunInstancesBody.strict(),
    run: runInstances,
    status: 202,
    idempotency: 'client-token',
    regions: inRegion,
    changes: (b) => [b.region],
    preflight(b) {
      const seen = new Set<string>();
      for (const [i, v] of (b.extraVolumes ?? []).entries()) {
        if (seen.has(v.deviceName))
          return invalid(`extraVolumes.${i}.deviceName`, `${v.deviceName} is used by another extra volume`);
        seen.add(v.deviceName);
      }
      const groups = b.securityGroupIds ?? [];
      const twice = groups.findIndex((g, i) => groups.indexOf(g) !== i);
      if (twice >= 0) return invalid(`securityGroupIds.${twice}`, `${groups[twice]} is named twice`);
      return undefined;
    },
    fields: {
      VPCIdNotSpecified: 'subnetId',
      'InvalidSubnetID.NotFound': 'subnetId',
      'InvalidSubnetID.Malformed': 'subnetId',
      'InvalidGroup.NotFound': 'securityGroupIds',
      'InvalidGroupId.Malformed': 'securityGroupIds',
      'InvalidKeyPair.NotFound': 'keyName',
    },
  },
  'create-snapshot': {
    schema: CreateSnapshotBody.strict(),
    run: createSnapshot,
    status: 202,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'create-volume': {
    schema: CreateVolumeBody.strict(),
    run: createVolume,
    status: 202,
    idempotency: 'client-token',
    regions: inRegion,
    changes: (b) => [b.region],
    preflight: (b) =>
      b.availabilityZone.slice(0, -1) === b.region
        ? undefined
        : invalid('availabilityZone', `${b.availabilityZone} is not in ${b.region}`),
  },
  'copy-image': {
    schema: CopyImageBody.strict(),
    run: copyImage,
    status: 202,
    idempotency: 'client-token',
    regions: copyRegions,
    changes: (b) => [b.destinationRegion],
  },
  'copy-snapshot': {
    schema: CopySnapshotBody.strict(),
    run: copySnapshot,
    status: 202,
    idempotency: 'server',
    regions: copyRegions,
    changes: (b) => [b.destinationRegion],
  },
  'deregister-image': {
    schema: DeregisterImageBody.strict(),
    run: deregisterImage,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'delete-snapshot': {
    schema: DeleteSnapshotBody.strict(),
    run: deleteSnapshot,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'delete-volume': {
    schema: DeleteVolumeBody.strict(),
    run: deleteVolume,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'attach-volume': {
    schema: AttachVolumeBody.strict(),
    run: attachVolume,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'detach-volume': {
    schema: DetachVolumeBody.strict(),
    run: detachVolume,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'terminate-instances': {
    schema: TerminateInstancesBody.strict(),
    run: terminateInstances,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'restore-snapshot': {
    schema: RestoreSnapshotBody.strict(),
    run: restoreSnapshot,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
  'restore-image': {
    schema: RestoreImageBody.strict(),
    run: restoreImage,
    status: 200,
    idempotency: 'server',
    regions: inRegion,
    changes: (b) => [b.region],
  },
};

/** The body checked against the action's schema; fields the schema does not know are refused. */
export function parseActionBody<A extends ActionName>(action: A, value: unknown): z.ZodSafeParseResult<Body<A>> {
  return SPECS[action].schema.safeParse(value);
}

// --- Idempotency keys remembered by this server --------------------------------------------------------------

/** How long a key's first result answers its repeats. */
export const REMEMBER_MS = 10 * 60_000;
/** At most this many keys are remembered; the oldest settled ones go first. */
const MAX_REMEMBERED = 10_000;

interface Remembered {
  fingerprint: string;
  promise: Promise<ActionResult>;
  /** Infinity while the call is in flight. */
  expiresAt: number;
}

const globalKeys = globalThis as typeof globalThis & { __lineageActionKeys?: Map<string, Remembered> };
const remembered = () => (globalKeys.__lineageActionKeys ??= new Map<string, Remembered>());

class KeyReused extends Error {
  constructor(key: string) {
    super(`The idempotency key '${key}' was already used with different request parameters.`);
    this.name = 'IdempotentParameterMismatch';
  }
}

/** JSON with object keys sorted, so two bodies that mean the same give the same fingerprint. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${fingerprint(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sweep(entries: Map<string, Remembered>, now: number): void {
  for (const [id, entry] of entries) if (entry.expiresAt <= now) entries.delete(id);
  if (entries.size < MAX_REMEMBERED) return;
  for (const [id, entry] of entries) {
    if (entries.size < MAX_REMEMBERED) break;
    if (entry.expiresAt !== Infinity) entries.delete(id);
  }
}

/**
 * Runs call once per action and key: a repeat while it is in flight waits for the same answer, and, when
 * `remember`, a repeat within REMEMBER_MS gets the first result. A call that failed is forgotten, so it can be
 * retried. Lookup and store happen without awaiting in between, so two concurrent submissions make one call.
 */
function once(
  action: ActionName,
  key: string,
  print: string,
  remember: boolean,
  call: () => Promise<ActionResult>,
): Promise<ActionResult> {
  const entries = remembered();
  const id = `${action}\n${key}`;
  const now = Date.now();
  const seen = entries.get(id);
  if (seen && seen.expiresAt > now) {
    if (seen.fingerprint !== print) return Promise.reject(new KeyReused(key));
    return seen.promise;
  }
  entries.delete(id);
  sweep(entries, now);
  const entry: Remembered = { fingerprint: print, promise: call(), expiresAt: Infinity };
  entries.set(id, entry);
  entry.promise.then(
    () => {
      if (remember) entry.expiresAt = Date.now() + REMEMBER_MS;
      else if (entries.get(id) === entry) entries.delete(id);
    },
    () => {
      if (entries.get(id) === entry) entries.delete(id);
    },
  );
  return entry.promise;
}

// --- Running an action ----------------------------------------------------------------------------------------

export type ActionOutcome = { ok: true; status: 200 | 202; result: ActionResult } | { ok: false; failure: Failure };

/** Every region the body names must be one Lineage works with (LINEAGE_REGIONS, or the account's enabled ones). */
async function unknownRegion(named: [string, string][], signal: AbortSignal): Promise<Failure | undefined> {
  const known = await listRegions(signal);
  for (const [field, region] of named) {
    if (!known.includes(region))
      return invalid(field, `${region} is not one of the regions Lineage works with: ${known.join(', ')}`);
  }
  return undefined;
}

/** The failure with the field its code is about, when the action knows it. */
function withField<A extends ActionName>(spec: ActionSpec<A>, failure: Failure): Failure {
  const field = spec.fields?.[failure.code];
  return field && !failure.field ? { ...failure, field } : failure;
}

async function dryRun<A extends ActionName>(
  spec: ActionSpec<A>,
  body: Body<A>,
  abortSignal: AbortSignal,
  account: AccountKey,
): Promise<ActionOutcome> {
  try {
    await spec.run(body, { dryRun: true, abortSignal, account });
  } catch (error) {
    const failure = classifyEc2Error(abortReason(abortSignal, error));
    if (failure.code === 'DryRunOperation') return { ok: true, status: 200, result: { dryRun: 'allowed' } };
    return { ok: false, failure: withField(spec, failure) };
  }
  // EC2 always answers a dry run with an error; an endpoint that does not has performed the action.
  invalidateInventory(spec.changes(body));
  return {
    ok: false,
    failure: {
      status: 502,
      code: 'DryRunIgnored',
      message: 'The EC2 endpoint ignored DryRun and performed the action.',
    },
  };
}

async function runAction<A extends ActionName>(
  action: A,
  body: Body<A>,
  abortSignal: AbortSignal,
): Promise<ActionOutcome> {
  const spec: ActionSpec<A> = SPECS[action];
  const refused = (await unknownRegion(spec.regions(body), abortSignal)) ?? spec.preflight?.(body);
  if (refused) return { ok: false, failure: refused };
  const account = body.accountId === undefined ? DEFAULT_ACCOUNT : await accountKeyFor(body.accountId, abortSignal);
  if (account === undefined)
    return { ok: false, failure: invalid('accountId', `${body.accountId} is not one of the accounts Lineage reads`) };
  if (body.dryRun) return await dryRun(spec, body, abortSignal, account);

  const { dryRun: _dryRun, idempotencyKey: key, ...params } = body;
  const usesToken = spec.idempotency === 'client-token';
  const call = async () => {
    const result = await spec.run(body, { clientToken: usesToken ? key : undefined, abortSignal, account });
    invalidateInventory(spec.changes(body));
    // What a Recycle Bin holds changes with deletions and restores: read it again.
    clearRecycleBinCache();
    return result;
  };
  const result = key === undefined ? await call() : await once(action, key, fingerprint(params), !usesToken, call);
  return { ok: true, status: spec.status, result };
}

/**
 * Runs a validated action: 200/202 with the new ids, 200 `{ dryRun: 'allowed' }` for an allowed dry run, or the
 * failure (400 unknown region, 409 idempotency key reused with another body, EC2's errors classified, 504 when EC2
 * has not answered within ACTION_DEADLINE_MS).
 */
export async function performAction<A extends ActionName>(action: A, body: Body<A>): Promise<ActionOutcome> {
  try {
    return await withDeadline(ACTION_DEADLINE_MS, 'EC2', undefined, (signal) => runAction(action, body, signal));
  } catch (error) {
    const failure = withField(SPECS[action], classifyEc2Error(error));
    if (!(error instanceof DeadlineExceeded) || body.dryRun) return { ok: false, failure };
    // EC2 may have acted without answering: the next read must look again.
    invalidateInventory(SPECS[action].changes(body));
    const message = `${failure.message} The action may still have been carried out: refresh to check before trying again.`;
    return { ok: false, failure: { ...failure, message } };
  }
}
