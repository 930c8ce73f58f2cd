import type {
  CreateVolumePermission,
  DescribeSnapshotAttributeRequest,
  DescribeSnapshotAttributeResult,
  ModifySnapshotAttributeRequest,
  ResetSnapshotAttributeRequest,
} from '@aws-sdk/client-ec2';
import { invalidParameterCombination, invalidParameterValue, missingParameter, unauthorized } from '../errors';
import type { SnapshotRecord } from '../state';
import { type ActionContext, define, dryRunGate, required } from './context';
import { checkSnapshotShareable } from './encryption';
import { findVisibleSnapshot } from './sharing';

/**
 * A snapshot's createVolumePermission, as its owner sees and changes it: account ids and the group `all`. Unlike an
 * image, a snapshot cannot be shared with an organization or an organizational unit.
 */

const ACCOUNT_ID = /^\d{12}$/;

function ownSnapshot(ctx: ActionContext, snapshotId: string | undefined): SnapshotRecord {
  const snapshot = findVisibleSnapshot(ctx, ctx.region, required(snapshotId, 'SnapshotId'));
  if (snapshot.ownerId !== ctx.account) throw unauthorized(`You do not own snapshot ${snapshot.id}.`);
  return snapshot;
}

function checkPermission(p: CreateVolumePermission): void {
  if ((p.UserId === undefined) === (p.Group === undefined))
    throw invalidParameterCombination('Each create volume permission names exactly one of UserId and Group.');
  if (p.Group !== undefined && p.Group !== 'all')
    throw invalidParameterValue(`Value (${String(p.Group)}) for parameter group is invalid. Only 'all' is allowed.`);
  if (p.UserId === undefined || ACCOUNT_ID.test(p.UserId)) return;
  if (p.UserId.startsWith('arn:aws:organizations:'))
    throw invalidParameterValue(
      `Value (${p.UserId}) for parameter userId is invalid. Snapshots cannot be shared with organizations or organizational units.`,
    );
  throw invalidParameterValue(`Value (${p.UserId}) for parameter userId is invalid. Expected a 12-digit account id.`);
}

interface PermissionChange {
  add: CreateVolumePermission[];
  remove: CreateVolumePermission[];
}

/** `CreateVolumePermission.Add/Remove`, or `Attribute=createVolumePermission` with OperationType and the lists. */
function permissionChange(input: ModifySnapshotAttributeRequest): PermissionChange {
  const flat: CreateVolumePermission[] = [
    ...(input.UserIds ?? []).map((UserId) => ({ UserId })),
    ...(input.GroupNames ?? []).map((Group) => ({ Group: Group as 'all' })),
  ];
  if (input.CreateVolumePermission) {
    if (flat.length > 0)
      throw invalidParameterCombination('Use either CreateVolumePermission or the flat lists, not both.');
    return { add: input.CreateVolumePermission.Add ?? [], remove: input.CreateVolumePermission.Remove ?? [] };
  }
  if (flat.length === 0) throw missingParameter('CreateVolumePermission');
  const operation = required(input.OperationType, 'OperationType');
  if (operation !== 'add' && operation !== 'remove')
    throw invalidParameterValue(`Value (${String(operation)}) for parameter operationType is invalid.`);
  return operation === 'add' ? { add: flat, remove: [] } : { add: [], remove: flat };
}

function applyChange(snapshot: SnapshotRecord, change: PermissionChange): void {
  const users = [...(snapshot.sharedWith ?? [])];
  const edit = (p: CreateVolumePermission, add: boolean) => {
    if (p.Group === 'all') snapshot.public = add;
    if (p.UserId === undefined || p.UserId === snapshot.ownerId) return;
    const at = users.indexOf(p.UserId);
    if (add && at < 0) users.push(p.UserId);
    if (!add && at >= 0) users.splice(at, 1);
  };
  for (const p of change.add) edit(p, true);
  for (const p of change.remove) edit(p, false);
  snapshot.sharedWith = users.length > 0 ? users : undefined;
}

function checkAttribute(attribute: string | undefined, required: boolean): void {
  if (attribute === undefined && !required) return;
  if (attribute === 'createVolumePermission') return;
  if (attribute === 'productCodes')
    throw invalidParameterValue('The emulator does not model product codes: snapshots have none.');
  throw invalidParameterValue(`Value (${attribute ?? ''}) for parameter attribute is invalid. Unknown attribute.`);
}

export function volumePermissionsOf(snapshot: SnapshotRecord): CreateVolumePermission[] {
  return [
    ...(snapshot.public ? [{ Group: 'all' as const }] : []),
    ...(snapshot.sharedWith ?? []).map((UserId) => ({ UserId })),
  ];
}

export const snapshotAttributeActions = {
  ModifySnapshotAttribute: define<ModifySnapshotAttributeRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const snapshot = ownSnapshot(ctx, input.SnapshotId);
      checkAttribute(input.Attribute, false);
      const change = permissionChange(input);
      for (const p of [...change.add, ...change.remove]) checkPermission(p);
      if (change.add.length > 0) checkSnapshotShareable(ctx.em, snapshot, change.add);
      dryRunGate(ctx);
      applyChange(snapshot, change);
      return {};
    },
  }),

  DescribeSnapshotAttribute: define<DescribeSnapshotAttributeRequest, DescribeSnapshotAttributeResult>({
    mutating: false,
    handle(ctx, input) {
      const attribute = required(input.Attribute, 'Attribute');
      if (attribute !== 'productCodes') checkAttribute(attribute, true);
      const snapshot = ownSnapshot(ctx, input.SnapshotId);
      dryRunGate(ctx);
      return attribute === 'productCodes'
        ? { SnapshotId: snapshot.id, ProductCodes: [] }
        : { SnapshotId: snapshot.id, CreateVolumePermissions: volumePermissionsOf(snapshot) };
    },
  }),

  ResetSnapshotAttribute: define<ResetSnapshotAttributeRequest, object>({
    mutating: true,
    handle(ctx, input) {
      checkAttribute(required(input.Attribute, 'Attribute'), true);
      const snapshot = ownSnapshot(ctx, input.SnapshotId);
      dryRunGate(ctx);
      snapshot.public = false;
      snapshot.sharedWith = undefined;
      return {};
    },
  }),
};
