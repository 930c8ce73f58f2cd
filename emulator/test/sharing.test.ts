import {
  CopyImageCommand,
  CreateImageCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  ResetImageAttributeCommand,
  ResetSnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_ACCOUNTS as ORG } from '../scenarios/organization';
import { type Harness, baseImageId, deviceVolume, failure, launch, perTest } from './harness';

/**
 * Sharing images and snapshots between the organization scenario's accounts, with EC2's rules and error codes,
 * through the real SDK. Each test bakes fresh images in the tooling account so the scenario's own sharing does not
 * interfere.
 */

const emulator = perTest();

const ORG_ID = 'o-a1b2c3d4e5';
const ORG_ARN = `arn:aws:organizations::${ORG.management.id}:organization/${ORG_ID}`;
const WORKLOADS_ARN = `arn:aws:organizations::${ORG.management.id}:ou/${ORG_ID}/ou-a1b2-workload`;

interface Accounts {
  h: Harness;
  tooling: EC2Client;
  prod: EC2Client;
  staging: EC2Client;
  sandbox: EC2Client;
  management: EC2Client;
}

async function organization(): Promise<Accounts> {
  const h = await emulator({ scenario: 'organization' });
  const ec2 = (key: string) => h.as(key).ec2();
  return {
    h,
    tooling: ec2(ORG.tooling.accessKey),
    prod: ec2(ORG.prod.accessKey),
    staging: ec2(ORG.staging.accessKey),
    sandbox: ec2(ORG.sandbox.accessKey),
    management: ec2('test'),
  };
}

/** A fresh image of the tooling account (with a tag), and its root snapshot. */
async function bake(tooling: EC2Client, name: string): Promise<{ imageId: string; snapshotId: string }> {
  const instance = await launch(tooling, await baseImageId(tooling));
  const { ImageId } = await tooling.send(
    new CreateImageCommand({
      InstanceId: instance.InstanceId,
      Name: name,
      TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'team', Value: 'platform' }] }],
    }),
  );
  const { Images } = await tooling.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }));
  return { imageId: ImageId!, snapshotId: Images![0]!.BlockDeviceMappings![0]!.Ebs!.SnapshotId! };
}

const sees = async (client: EC2Client, imageId: string) => {
  const answer = await client.send(new DescribeImagesCommand({ ImageIds: [imageId] })).catch((e: Error) => e);
  if (answer instanceof Error) {
    expect(answer.name).toBe('InvalidAMIID.NotFound');
    return false;
  }
  return answer.Images?.[0]?.ImageId === imageId;
};

const share = (client: EC2Client, imageId: string, add: object[], remove: object[] = []) =>
  client.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: add, Remove: remove } }));

const permissions = async (client: EC2Client, imageId: string) =>
  (await client.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' })))
    .LaunchPermissions;

describe('launch permissions', () => {
  it('an account id: that account sees and launches the image, nobody else does; removing it hides it again', async () => {
    const { tooling, prod, staging } = await organization();
    const { imageId, snapshotId } = await bake(tooling, 'shared-with-prod');
    expect(await sees(prod, imageId)).toBe(false);
    expect((await failure(launch(prod, imageId))).name).toBe('InvalidAMIID.NotFound');

    await share(tooling, imageId, [{ UserId: ORG.prod.id }]);
    expect(await permissions(tooling, imageId)).toEqual([{ UserId: ORG.prod.id }]);
    expect(await sees(prod, imageId)).toBe(true);
    expect(await sees(staging, imageId)).toBe(false);
    const instance = await launch(prod, imageId);
    expect(instance.ImageId).toBe(imageId);
    // The new root volume is restored from the owner's snapshot.
    const { Volumes } = await prod.send(
      new DescribeVolumesCommand({ VolumeIds: [deviceVolume(instance, '/dev/xvda')] }),
    );
    expect(Volumes![0]!.SnapshotId).toBe(snapshotId);
    expect((await failure(launch(staging, imageId))).name).toBe('InvalidAMIID.NotFound');

    await share(tooling, imageId, [], [{ UserId: ORG.prod.id }]);
    expect(await permissions(tooling, imageId)).toEqual([]);
    expect(await sees(prod, imageId)).toBe(false);
  });

  it('group all makes the image public: everyone sees it, is-public and ExecutableUsers=all find it', async () => {
    const { tooling, sandbox } = await organization();
    const { imageId } = await bake(tooling, 'public-image');
    await tooling.send(
      new ModifyImageAttributeCommand({
        ImageId: imageId,
        Attribute: 'launchPermission',
        OperationType: 'add',
        UserGroups: ['all'],
      }),
    );
    expect(await permissions(tooling, imageId)).toEqual([{ Group: 'all' }]);
    expect(await sees(sandbox, imageId)).toBe(true);
    const isPublic = await sandbox.send(
      new DescribeImagesCommand({ Owners: [ORG.tooling.id], Filters: [{ Name: 'is-public', Values: ['true'] }] }),
    );
    expect(isPublic.Images!.map((i) => i.ImageId)).toEqual([imageId]);
    expect(isPublic.Images![0]!.Public).toBe(true);
    const all = await sandbox.send(new DescribeImagesCommand({ ExecutableUsers: ['all'] }));
    expect(all.Images!.map((i) => i.ImageId)).toContain(imageId);
    // Shared with the public is not shared with the sandbox explicitly.
    const self = await sandbox.send(new DescribeImagesCommand({ ExecutableUsers: ['self'] }));
    expect(self.Images!.map((i) => i.ImageId)).not.toContain(imageId);

    await share(tooling, imageId, [], [{ Group: 'all' }]);
    expect(await sees(sandbox, imageId)).toBe(false);
  });

  it('an organization: every member account sees it; an organizational unit: only the accounts in it', async () => {
    const { tooling, prod, staging, sandbox, management } = await organization();
    const { imageId: forOrg } = await bake(tooling, 'for-the-org');
    const { imageId: forUnit } = await bake(tooling, 'for-workloads');
    await share(tooling, forOrg, [{ OrganizationArn: ORG_ARN }]);
    await tooling.send(
      new ModifyImageAttributeCommand({
        ImageId: forUnit,
        Attribute: 'launchPermission',
        OperationType: 'add',
        OrganizationalUnitArns: [WORKLOADS_ARN],
      }),
    );
    expect(await permissions(tooling, forOrg)).toEqual([{ OrganizationArn: ORG_ARN }]);
    expect(await permissions(tooling, forUnit)).toEqual([{ OrganizationalUnitArn: WORKLOADS_ARN }]);
    for (const account of [prod, staging, sandbox, management]) expect(await sees(account, forOrg)).toBe(true);
    expect(await sees(prod, forUnit)).toBe(true);
    expect(await sees(staging, forUnit)).toBe(true);
    expect(await sees(sandbox, forUnit)).toBe(false);
    expect(await sees(management, forUnit)).toBe(false);
    await launch(sandbox, forOrg);
    expect((await failure(launch(sandbox, forUnit))).name).toBe('InvalidAMIID.NotFound');
  });

  it('refuses what EC2 refuses, and changes nothing then', async () => {
    const { tooling, prod } = await organization();
    const { imageId } = await bake(tooling, 'refusals');
    const refused = async (input: object, code: string) => {
      const e = await failure(tooling.send(new ModifyImageAttributeCommand({ ImageId: imageId, ...input })));
      expect(e.name, JSON.stringify(input)).toBe(code);
      return e;
    };
    expect(
      (await refused({ LaunchPermission: { Add: [{ UserId: '12345' }] } }, 'InvalidAMIAttributeItemValue')).message,
    ).toBe('Invalid attribute item value "12345" for userId item type.');
    await refused({ LaunchPermission: { Add: [{ Group: 'everyone' as 'all' }] } }, 'InvalidAMIAttributeItemValue');
    await refused({ LaunchPermission: { Add: [{ OrganizationArn: 'o-123' }] } }, 'InvalidAMIAttributeItemValue');
    await refused({ LaunchPermission: { Add: [{ OrganizationalUnitArn: ORG_ARN }] } }, 'InvalidAMIAttributeItemValue');
    await refused(
      { LaunchPermission: { Add: [{ UserId: ORG.prod.id, Group: 'all' }] } },
      'InvalidParameterCombination',
    );
    await refused({}, 'InvalidParameterCombination');
    await refused({ OperationType: 'add', UserIds: [ORG.prod.id] }, 'MissingParameter');
    await refused({ Attribute: 'launchPermission', UserIds: [ORG.prod.id] }, 'MissingParameter');
    await refused(
      { Description: { Value: 'x' }, LaunchPermission: { Add: [{ UserId: ORG.prod.id }] } },
      'InvalidParameterCombination',
    );
    await refused({ Attribute: 'kernel', Value: 'aki-1' }, 'InvalidParameterValue');
    await refused({ Attribute: 'colour', Value: 'blue' }, 'InvalidParameterValue');
    await refused({ LaunchPermission: { Add: [{ UserId: ORG.prod.id }] }, DryRun: true }, 'DryRunOperation');
    expect(await permissions(tooling, imageId)).toEqual([]);
    // Another account may not change, read or reset the attributes, even of an image shared with it.
    await share(tooling, imageId, [{ UserId: ORG.prod.id }]);
    for (const call of [
      prod.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ Group: 'all' }] } })),
      prod.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'description' })),
      prod.send(new ResetImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' })),
    ]) {
      const e = await failure(call);
      expect(e).toMatchObject({ name: 'AuthFailure', message: `Not authorized for image:${imageId}` });
    }
    const tag = prod.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'k', Value: 'v' }] }));
    expect((await failure(tag)).name).toBe('UnauthorizedOperation');
  });

  it('description: set either way and described; blockDeviceMapping answers AuthFailure; reset clears launch permissions', async () => {
    const { tooling, prod } = await organization();
    const { imageId } = await bake(tooling, 'described');
    const describe = (Attribute: 'description' | 'blockDeviceMapping' | 'lastLaunchedTime') =>
      tooling.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute }));
    await tooling.send(new ModifyImageAttributeCommand({ ImageId: imageId, Description: { Value: 'first' } }));
    expect((await describe('description')).Description).toEqual({ Value: 'first' });
    await tooling.send(
      new ModifyImageAttributeCommand({ ImageId: imageId, Attribute: 'description', Value: 'second' }),
    );
    expect(await describe('description')).toMatchObject({ ImageId: imageId, Description: { Value: 'second' } });
    expect((await failure(describe('blockDeviceMapping'))).name).toBe('AuthFailure');
    const unknown = tooling.send(
      new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'colour' as 'description' }),
    );
    expect((await failure(unknown)).name).toBe('InvalidParameterValue');

    await share(tooling, imageId, [{ UserId: ORG.prod.id }, { Group: 'all' }, { OrganizationArn: ORG_ARN }]);
    expect(await permissions(tooling, imageId)).toHaveLength(3);
    await tooling.send(new ResetImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    expect(await permissions(tooling, imageId)).toEqual([]);
    expect(await sees(prod, imageId)).toBe(false);
    const badReset = tooling.send(
      new ResetImageAttributeCommand({ ImageId: imageId, Attribute: 'description' as 'launchPermission' }),
    );
    expect((await failure(badReset)).name).toBe('InvalidParameterValue');
  });
});

describe('DescribeImages visibility', () => {
  it('unfiltered: own, public and shared with me; Owners and ExecutableUsers narrow it as EC2 does', async () => {
    const { tooling, prod } = await organization();
    const { imageId: toProd } = await bake(tooling, 'to-prod');
    const { imageId: toOrg } = await bake(tooling, 'to-org');
    const { imageId: hidden } = await bake(tooling, 'hidden');
    await share(tooling, toProd, [{ UserId: ORG.prod.id }]);
    await share(tooling, toOrg, [{ OrganizationArn: ORG_ARN }]);
    const ids = async (input: object) =>
      ((await prod.send(new DescribeImagesCommand(input))).Images ?? []).map((i) => i.ImageId!);
    const amazon = await ids({ Owners: ['amazon'] });
    expect(amazon.length).toBeGreaterThan(0);
    const everything = await ids({});
    expect(everything).toEqual(expect.arrayContaining([toProd, toOrg, ...amazon]));
    expect(everything).not.toContain(hidden);
    expect(await ids({ Owners: ['self'] })).toEqual([]);
    const fromTooling = await ids({ Owners: [ORG.tooling.id] });
    expect(fromTooling).toEqual(expect.arrayContaining([toProd, toOrg]));
    expect(fromTooling).not.toContain(hidden);
    // self: shared with my account, my organization or my unit; an id of another account: shared with that id only.
    const self = await ids({ ExecutableUsers: ['self'] });
    expect(self).toEqual(expect.arrayContaining([toProd, toOrg]));
    expect(self.filter((id) => amazon.includes(id))).toEqual([]);
    const toolingIds = async (input: object) =>
      ((await tooling.send(new DescribeImagesCommand(input))).Images ?? []).map((i) => i.ImageId!);
    expect(await toolingIds({ ExecutableUsers: [ORG.prod.id] })).toEqual([toProd]);
    // The owner's tags stay with the owner.
    const [seen] = (await prod.send(new DescribeImagesCommand({ ImageIds: [toProd] }))).Images!;
    expect(seen!.Tags).toBeUndefined();
    expect(seen!.OwnerId).toBe(ORG.tooling.id);
    expect(seen!.ImageLocation).toBe(`${ORG.tooling.id}/to-prod`);
    const [own] = (await tooling.send(new DescribeImagesCommand({ ImageIds: [toProd] }))).Images!;
    expect(own!.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    // Asking by id for one it may not see fails the whole call.
    expect((await failure(prod.send(new DescribeImagesCommand({ ImageIds: [toProd, hidden] })))).message).toContain(
      hidden,
    );
    const bad = prod.send(new DescribeImagesCommand({ ExecutableUsers: ['everyone'] }));
    expect((await failure(bad)).name).toBe('InvalidParameterValue');
  });
});

describe('CopyImage of another account’s image', () => {
  it('needs the image shared, and read access to its storage (the snapshots shared too)', async () => {
    const { tooling, staging } = await organization();
    const { imageId, snapshotId } = await bake(tooling, 'to-copy');
    const copy = () =>
      staging.send(new CopyImageCommand({ SourceImageId: imageId, SourceRegion: 'us-east-1', Name: 'my-copy' }));
    expect((await failure(copy())).name).toBe('InvalidAMIID.NotFound');
    await share(tooling, imageId, [{ UserId: ORG.staging.id }]);
    const e = await failure(copy());
    expect(e).toMatchObject({
      name: 'InvalidRequest',
      message: 'You do not have permission to access the storage of this ami',
    });
    await tooling.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: snapshotId,
        CreateVolumePermission: { Add: [{ UserId: ORG.staging.id }] },
      }),
    );
    const { ImageId } = await copy();
    const [mine] = (await staging.send(new DescribeImagesCommand({ ImageIds: [ImageId!] }))).Images!;
    expect(mine).toMatchObject({ OwnerId: ORG.staging.id, SourceImageId: imageId, SourceImageRegion: 'us-east-1' });
    const copied = mine!.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    const [snapshot] = (await staging.send(new DescribeSnapshotsCommand({ SnapshotIds: [copied] }))).Snapshots!;
    expect(snapshot).toMatchObject({ OwnerId: ORG.staging.id });
    expect(snapshot!.Description).toContain(`for SourceSnapshot ${snapshotId}`);
  });
});

describe('create volume permissions', () => {
  async function snapshotOfTooling(tooling: EC2Client): Promise<string> {
    const { VolumeId } = await tooling.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 4 }));
    const { SnapshotId } = await tooling.send(new CreateSnapshotCommand({ VolumeId }));
    return SnapshotId!;
  }
  const restore = (client: EC2Client, snapshotId: string) =>
    client.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', SnapshotId: snapshotId }));

  it('an account id: that account describes and restores it; others get InvalidSnapshot.NotFound', async () => {
    const { tooling, prod, staging } = await organization();
    const snapshotId = await snapshotOfTooling(tooling);
    expect((await failure(restore(prod, snapshotId))).name).toBe('InvalidSnapshot.NotFound');
    await tooling.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: snapshotId,
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        UserIds: [ORG.prod.id],
      }),
    );
    const attribute = await tooling.send(
      new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }),
    );
    expect(attribute).toMatchObject({ SnapshotId: snapshotId, CreateVolumePermissions: [{ UserId: ORG.prod.id }] });
    const volume = await restore(prod, snapshotId);
    expect(volume.SnapshotId).toBe(snapshotId);
    const restorable = await prod.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['self'] }));
    expect(restorable.Snapshots!.map((s) => s.SnapshotId)).toContain(snapshotId);
    const byOwner = await prod.send(new DescribeSnapshotsCommand({ OwnerIds: [ORG.tooling.id] }));
    expect(byOwner.Snapshots!.map((s) => s.SnapshotId)).toContain(snapshotId);
    expect((await failure(restore(staging, snapshotId))).name).toBe('InvalidSnapshot.NotFound');
    const hidden = staging.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }));
    expect((await failure(hidden)).name).toBe('InvalidSnapshot.NotFound');
    // The owner asks who may restore its snapshots.
    const restorableBy = async (accountId: string) =>
      (await tooling.send(new DescribeSnapshotsCommand({ RestorableByUserIds: [accountId] }))).Snapshots!.map(
        (s) => s.SnapshotId,
      );
    expect(await restorableBy(ORG.prod.id)).toContain(snapshotId);
    expect(await restorableBy(ORG.staging.id)).not.toContain(snapshotId);
  });

  it('all makes it public; reset makes it private again', async () => {
    const { tooling, staging } = await organization();
    const snapshotId = await snapshotOfTooling(tooling);
    await tooling.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: snapshotId,
        CreateVolumePermission: { Add: [{ Group: 'all' }] },
      }),
    );
    const publics = await staging.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['all'] }));
    expect(publics.Snapshots!.map((s) => s.SnapshotId)).toContain(snapshotId);
    await restore(staging, snapshotId);
    await tooling.send(
      new ResetSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }),
    );
    const attribute = await tooling.send(
      new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }),
    );
    expect(attribute.CreateVolumePermissions).toEqual([]);
    expect((await failure(restore(staging, snapshotId))).name).toBe('InvalidSnapshot.NotFound');
  });

  it('refuses organizations, other groups, bad ids and other accounts', async () => {
    const { tooling, prod } = await organization();
    const snapshotId = await snapshotOfTooling(tooling);
    const modify = (client: EC2Client, input: object) =>
      client.send(new ModifySnapshotAttributeCommand({ SnapshotId: snapshotId, ...input }));
    const orgShare = await failure(modify(tooling, { CreateVolumePermission: { Add: [{ UserId: ORG_ARN }] } }));
    expect(orgShare.name).toBe('InvalidParameterValue');
    expect(orgShare.message).toContain('cannot be shared with organizations');
    for (const input of [
      { CreateVolumePermission: { Add: [{ Group: 'friends' }] } },
      { CreateVolumePermission: { Add: [{ UserId: 'abc' }] } },
      { Attribute: 'productCodes', OperationType: 'add', UserIds: [ORG.prod.id] },
    ]) {
      expect((await failure(modify(tooling, input))).name).toBe('InvalidParameterValue');
    }
    expect((await failure(modify(tooling, { OperationType: 'add' }))).name).toBe('MissingParameter');
    expect(
      (await failure(modify(tooling, { CreateVolumePermission: { Add: [{ UserId: ORG.prod.id }] }, DryRun: true })))
        .name,
    ).toBe('DryRunOperation');
    await modify(tooling, { CreateVolumePermission: { Add: [{ UserId: ORG.prod.id }] } });
    const byProd = await failure(modify(prod, { CreateVolumePermission: { Add: [{ Group: 'all' }] } }));
    expect(byProd).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    const readByProd = prod.send(
      new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }),
    );
    expect((await failure(readByProd)).name).toBe('UnauthorizedOperation');
  });
});
