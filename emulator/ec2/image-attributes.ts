import type {
  DescribeImageAttributeRequest,
  ImageAttribute,
  ImageAttributeName,
  LaunchPermission,
  ModifyImageAttributeRequest,
  ResetImageAttributeRequest,
} from '@aws-sdk/client-ec2';
import {
  ApiError,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
  notAuthorizedForImage,
} from '../errors';
import type { ImageRecord, LaunchPermissionRecord } from '../state';
import { checkImageShareable } from './encryption';
import { type ActionContext, checkDescription, define, dryRunGate, required } from './context';
import { findVisibleImage } from './sharing';

/**
 * An image's attributes, as its owner sees and changes them: launch permissions (accounts, `all`, organizations and
 * organizational units) and the description. Other accounts answer AuthFailure, as EC2 does.
 */

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ARN = /^arn:aws:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const UNIT_ARN = /^arn:aws:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;

const itemValue = (value: string, type: string) =>
  new ApiError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${value}" for ${type} item type.`);

/** The owner's own image; another account's visible image is AuthFailure. */
function ownImage(ctx: ActionContext, imageId: string | undefined): ImageRecord {
  const image = findVisibleImage(ctx, ctx.region, required(imageId, 'ImageId'));
  if (image.ownerId !== ctx.account) throw notAuthorizedForImage(image.id);
  return image;
}

function checkPermission(p: LaunchPermission): void {
  const named = [p.UserId, p.Group, p.OrganizationArn, p.OrganizationalUnitArn].filter((v) => v !== undefined);
  if (named.length !== 1) {
    throw invalidParameterCombination(
      'Each launch permission names exactly one of UserId, Group, OrganizationArn and OrganizationalUnitArn.',
    );
  }
  if (p.UserId !== undefined && !ACCOUNT_ID.test(p.UserId)) throw itemValue(p.UserId, 'userId');
  if (p.Group !== undefined && p.Group !== 'all') throw itemValue(p.Group, 'UserGroup');
  if (p.OrganizationArn !== undefined && !ORGANIZATION_ARN.test(p.OrganizationArn))
    throw itemValue(p.OrganizationArn, 'organizationArn');
  if (p.OrganizationalUnitArn !== undefined && !UNIT_ARN.test(p.OrganizationalUnitArn))
    throw itemValue(p.OrganizationalUnitArn, 'organizationalUnitArn');
}

interface PermissionChange {
  add: LaunchPermission[];
  remove: LaunchPermission[];
}

/**
 * The launch permission change a request asks for, in either of EC2's two forms: `LaunchPermission.Add/Remove`, or
 * `Attribute=launchPermission` with `OperationType` and the flat lists. Undefined when it asks for none.
 */
function permissionChange(input: ModifyImageAttributeRequest): PermissionChange | undefined {
  const flat: LaunchPermission[] = [
    ...(input.UserIds ?? []).map((UserId) => ({ UserId })),
    ...(input.UserGroups ?? []).map((Group) => ({ Group: Group as 'all' })),
    ...(input.OrganizationArns ?? []).map((OrganizationArn) => ({ OrganizationArn })),
    ...(input.OrganizationalUnitArns ?? []).map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
  ];
  if (input.LaunchPermission) {
    if (flat.length > 0) throw invalidParameterCombination('Use either LaunchPermission or the flat lists, not both.');
    return { add: input.LaunchPermission.Add ?? [], remove: input.LaunchPermission.Remove ?? [] };
  }
  if (flat.length === 0) {
    if (input.Attribute === 'launchPermission') throw missingParameter('LaunchPermission');
    return undefined;
  }
  if (input.Attribute !== 'launchPermission') throw missingParameter('LaunchPermission');
  const operation = required(input.OperationType, 'OperationType');
  if (operation !== 'add' && operation !== 'remove')
    throw invalidParameterValue(`Value (${String(operation)}) for parameter operationType is invalid.`);
  return operation === 'add' ? { add: flat, remove: [] } : { add: [], remove: flat };
}

const emptyGrants = (): LaunchPermissionRecord => ({ userIds: [], organizationArns: [], organizationalUnitArns: [] });

function applyChange(image: ImageRecord, change: PermissionChange): void {
  const grants = image.sharedWith ?? emptyGrants();
  const edit = (p: LaunchPermission, add: boolean) => {
    if (p.Group === 'all') image.public = add;
    const [list, value] =
      p.UserId !== undefined
        ? [grants.userIds, p.UserId]
        : p.OrganizationArn !== undefined
          ? [grants.organizationArns, p.OrganizationArn]
          : [grants.organizationalUnitArns, p.OrganizationalUnitArn];
    if (value === undefined || value === image.ownerId) return;
    const at = list.indexOf(value);
    if (add && at < 0) list.push(value);
    if (!add && at >= 0) list.splice(at, 1);
  };
  for (const p of change.add) edit(p, true);
  for (const p of change.remove) edit(p, false);
  const shared = grants.userIds.length + grants.organizationArns.length + grants.organizationalUnitArns.length;
  image.sharedWith = shared > 0 ? grants : undefined;
}

/** The description a request sets, in either form: `Description.Value`, or `Attribute=description` with `Value`. */
function descriptionChange(input: ModifyImageAttributeRequest): string | undefined {
  if (input.Description) return input.Description.Value ?? '';
  if (input.Attribute === 'description') return required(input.Value, 'Value');
  return undefined;
}

const MODIFIABLE = new Set(['launchPermission', 'description']);

export function launchPermissionsOf(image: ImageRecord): LaunchPermission[] {
  const grants = image.sharedWith ?? emptyGrants();
  return [
    ...(image.public ? [{ Group: 'all' as const }] : []),
    ...grants.userIds.map((UserId) => ({ UserId })),
    ...grants.organizationArns.map((OrganizationArn) => ({ OrganizationArn })),
    ...grants.organizationalUnitArns.map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
  ];
}

/** What DescribeImageAttribute answers for each attribute the SDK's model names. */
const DESCRIBE: Record<ImageAttributeName, (image: ImageRecord) => ImageAttribute> = {
  description: (i) => ({ Description: { Value: i.description } }),
  launchPermission: (i) => ({ LaunchPermissions: launchPermissionsOf(i) }),
  productCodes: () => ({ ProductCodes: [] }),
  kernel: () => ({ KernelId: {} }),
  ramdisk: () => ({ RamdiskId: {} }),
  sriovNetSupport: () => ({ SriovNetSupport: { Value: 'simple' } }),
  bootMode: (i) => ({ BootMode: { Value: i.architecture === 'arm64' ? 'uefi' : undefined } }),
  tpmSupport: () => ({ TpmSupport: {} }),
  uefiData: () => ({ UefiData: {} }),
  imdsSupport: () => ({ ImdsSupport: {} }),
  lastLaunchedTime: (i) => ({
    LastLaunchedTime: {
      Value: i.lastLaunchedTime === undefined ? undefined : new Date(i.lastLaunchedTime).toISOString(),
    },
  }),
  deregistrationProtection: () => ({ DeregistrationProtection: { Value: 'disabled' } }),
  // Deprecated: EC2 answers AuthFailure and points to DescribeImages (see handle below).
  blockDeviceMapping: () => ({}),
};

const isAttributeName = (name: string): name is ImageAttributeName => Object.hasOwn(DESCRIBE, name);

const unknownAttribute = (name: string) =>
  invalidParameterValue(`Value (${name}) for parameter attribute is invalid. Unknown attribute.`);

export const imageAttributeActions = {
  ModifyImageAttribute: define<ModifyImageAttributeRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const image = ownImage(ctx, input.ImageId);
      if (input.Attribute !== undefined && !MODIFIABLE.has(input.Attribute)) {
        if (!isAttributeName(input.Attribute)) throw unknownAttribute(input.Attribute);
        throw invalidParameterValue(`The emulator does not model the image attribute ${input.Attribute}.`);
      }
      if (input.ProductCodes || input.ImdsSupport)
        throw invalidParameterValue('The emulator does not model product codes or IMDS support.');
      const permissions = permissionChange(input);
      const description = descriptionChange(input);
      if (!permissions && description === undefined) throw invalidParameterCombination('No attributes specified.');
      if (permissions && description !== undefined)
        throw invalidParameterCombination('Modify one attribute at a time: launchPermission or description.');
      for (const p of [...(permissions?.add ?? []), ...(permissions?.remove ?? [])]) checkPermission(p);
      if (permissions && permissions.add.length > 0) checkImageShareable(ctx.em, image, permissions.add);
      checkDescription(description);
      dryRunGate(ctx);
      if (permissions) applyChange(image, permissions);
      else image.description = description;
      return {};
    },
  }),

  DescribeImageAttribute: define<DescribeImageAttributeRequest, ImageAttribute>({
    mutating: false,
    handle(ctx, input) {
      const attribute = required(input.Attribute, 'Attribute');
      if (!isAttributeName(attribute)) throw unknownAttribute(attribute);
      const image = ownImage(ctx, input.ImageId);
      if (attribute === 'blockDeviceMapping')
        throw new ApiError(
          'AuthFailure',
          'The blockDeviceMapping attribute is deprecated: describe the image instead.',
        );
      dryRunGate(ctx);
      return { ImageId: image.id, ...DESCRIBE[attribute](image) };
    },
  }),

  ResetImageAttribute: define<ResetImageAttributeRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const attribute = required(input.Attribute, 'Attribute');
      if (attribute !== 'launchPermission') {
        throw invalidParameterValue(
          `Value (${String(attribute)}) for parameter attribute is invalid. Only launchPermission.`,
        );
      }
      const image = ownImage(ctx, input.ImageId);
      dryRunGate(ctx);
      image.public = false;
      image.sharedWith = undefined;
      return {};
    },
  }),
};
