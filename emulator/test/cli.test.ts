import type { ListAccountsResponse } from '@aws-sdk/client-organizations';
import type { AssumeRoleResponse, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type {
  CopyImageResult,
  CreateImageResult,
  ImageAttribute,
  DescribeImagesResult,
  DescribeInstancesResult,
  DescribeSnapshotsResult,
  DescribeVolumesResult,
  KeyPair,
  RegisterImageResult,
  Reservation,
  Snapshot,
  Volume,
} from '@aws-sdk/client-ec2';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, start } from './harness';

/**
 * The walkthrough played by another client: the AWS CLI (botocore) against an emulator started with the empty
 * scenario, checking every lineage fact the emulator records (docs/ARCHITECTURE.md) with describe-* calls.
 */

const run = promisify(execFile);
const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
const hasCli = probe.status === 0;
const skipReason =
  'the AWS CLI (`aws`) is not installed on this machine, so the walkthrough cannot be played with another client';
if (!hasCli) console.warn(`emulator CLI test: ${skipReason}.`);

describe('AWS CLI walkthrough', () => {
  let h: Harness;
  let dir: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    if (!hasCli) return;
    h = await start({ scenario: 'empty', delayMs: 0 });
    dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'credentials'), '');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
    };
  });

  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One `aws ec2` call; answers the parsed JSON output. */
  async function aws<T>(region: string, ...args: string[]): Promise<T> {
    const { stdout } = await run(
      'aws',
      ['ec2', ...args, '--endpoint-url', h.url, '--region', region, '--output', 'json'],
      {
        env: env as NodeJS.ProcessEnv,
        // Six run at once; Python's start alone takes many seconds on a machine busy with other tests.
        timeout: 60_000,
      },
    ).catch((error: { killed?: boolean; message: string }) => {
      throw new Error(error.killed ? `aws ${args.join(' ')}: no answer within 60 s` : error.message);
    });
    return (stdout.trim() === '' ? {} : JSON.parse(stdout)) as T;
  }

  const title = 'plays the walkthrough and sees every lineage fact';
  // Each `aws` call starts Python (1–2 s, more on a busy machine), and the walkthrough makes about fifteen.
  it.skipIf(!hasCli)(hasCli ? title : `${title} — skipped: ${skipReason}`, { timeout: 240_000 }, async () => {
    const us = 'us-east-1';
    const eu = 'eu-west-1';
    const base = await aws<DescribeImagesResult>(
      us,
      'describe-images',
      '--owners',
      'amazon',
      '--filters',
      'Name=name,Values=al2023-ami-*-x86_64',
    );
    expect(base.Images).toHaveLength(1);
    const baseId = base.Images![0]!.ImageId!;
    const baseSnapshot = base.Images![0]!.BlockDeviceMappings![0]!.Ebs!.SnapshotId;

    // 1. EBSVolDemo with an extra 2 GiB volume at /dev/sdf.
    const demoRun = await aws<Reservation>(
      us,
      'run-instances',
      '--image-id',
      baseId,
      '--instance-type',
      't3.micro',
      '--count',
      '1',
      '--block-device-mappings',
      JSON.stringify([
        { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 2, VolumeType: 'gp3', DeleteOnTermination: false } },
      ]),
      '--tag-specifications',
      'ResourceType=instance,Tags=[{Key=Name,Value=EBSVolDemo}]',
    );
    const demo = demoRun.Instances![0]!;
    const demoId = demo.InstanceId!;
    const demoVolumes: Record<string, string> = Object.fromEntries(
      demo.BlockDeviceMappings!.map((m) => [m.DeviceName, m.Ebs!.VolumeId]),
    );
    expect(Object.keys(demoVolumes)).toEqual(['/dev/xvda', '/dev/sdf']);

    // 2. An AMI of it.
    const { ImageId: amiId } = await aws<CreateImageResult>(
      us,
      'create-image',
      '--instance-id',
      demoId,
      '--name',
      'ImageFromEBSVolDemo',
      '--no-reboot',
    );
    expect(amiId).toMatch(/^ami-/);

    // 3. An instance from that AMI, and 4. a copy of the AMI to eu-west-1.
    const [childRun, copied] = await Promise.all([
      aws<Reservation>(us, 'run-instances', '--image-id', amiId!, '--instance-type', 't3.micro', '--count', '1'),
      aws<CopyImageResult>(
        eu,
        'copy-image',
        '--source-region',
        us,
        '--source-image-id',
        amiId!,
        '--name',
        'ImageFromEBSVolDemo',
      ),
    ]);
    const childId = childRun.Instances![0]!.InstanceId!;
    const copyId = copied.ImageId!;

    // The facts, from one describe of each kind per region (the image found by its source instance).
    const [amiOut, instancesOut, volumesOut, snapshotsOut, copyOut, copySnapshotsOut] = await Promise.all([
      aws<DescribeImagesResult>(
        us,
        'describe-images',
        '--owners',
        'self',
        '--filters',
        `Name=source-instance-id,Values=${demoId}`,
      ),
      aws<DescribeInstancesResult>(us, 'describe-instances'),
      aws<DescribeVolumesResult>(us, 'describe-volumes'),
      aws<DescribeSnapshotsResult>(us, 'describe-snapshots', '--owner-ids', 'self'),
      aws<DescribeImagesResult>(eu, 'describe-images', '--owners', 'self'),
      aws<DescribeSnapshotsResult>(eu, 'describe-snapshots', '--owner-ids', 'self'),
    ]);
    expect(amiOut.Images).toHaveLength(1);
    const ami = amiOut.Images![0]!;
    expect(ami).toMatchObject({
      ImageId: amiId,
      Name: 'ImageFromEBSVolDemo',
      State: 'available',
      SourceInstanceId: demoId,
    });
    const amiSnapshots = ami.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);
    expect(ami.BlockDeviceMappings!.map((m) => [m.DeviceName, m.Ebs!.VolumeSize, m.Ebs!.DeleteOnTermination])).toEqual([
      ['/dev/xvda', 8, true],
      ['/dev/sdf', 2, false],
    ]);

    // Each AMI snapshot names the volume it was taken from and the CreateImage call.
    const snaps = Object.fromEntries(snapshotsOut.Snapshots!.map((s) => [s.SnapshotId!, s]));
    expect(Object.keys(snaps).sort()).toEqual([...amiSnapshots].sort());
    expect(amiSnapshots.map((id) => snaps[id]!.VolumeId)).toEqual([demoVolumes['/dev/xvda'], demoVolumes['/dev/sdf']]);
    for (const id of amiSnapshots)
      expect(snaps[id]!.Description).toBe(`Created by CreateImage(${demoId}) for ${amiId}`);

    // EBSVolDemo's root was restored from the base image's snapshot, its data volume is blank; the second
    // instance's volumes were restored from the AMI's snapshots.
    const instances = Object.fromEntries(
      instancesOut.Reservations!.flatMap((r) => r.Instances!).map((i) => [i.InstanceId!, i]),
    );
    expect(Object.keys(instances).sort()).toEqual([demoId, childId].sort());
    expect(instances[childId]!.ImageId).toBe(amiId);
    expect(instances[demoId]!.ImageId).toBe(baseId);
    const vols = Object.fromEntries(volumesOut.Volumes!.map((v) => [v.VolumeId!, v]));
    expect(vols[demoVolumes['/dev/xvda']!]!.SnapshotId).toBe(baseSnapshot);
    expect(vols[demoVolumes['/dev/sdf']!]).toMatchObject({ SnapshotId: '', Size: 2, VolumeType: 'gp3' });
    const childVolumeIds = instances[childId]!.BlockDeviceMappings!.map((m) => m.Ebs!.VolumeId!);
    expect(childVolumeIds.map((id) => vols[id]!.SnapshotId)).toEqual(amiSnapshots);
    expect(childVolumeIds.map((id) => vols[id]!.Attachments![0]!.InstanceId)).toEqual([childId, childId]);

    // The copy in eu-west-1 names its source; its snapshots are copies of the AMI's.
    expect(copyOut.Images).toHaveLength(1);
    const copy = copyOut.Images![0]!;
    expect(copy).toMatchObject({
      ImageId: copyId,
      Name: 'ImageFromEBSVolDemo',
      SourceImageId: amiId,
      SourceImageRegion: us,
    });
    const copySnapshots = copy.BlockDeviceMappings!.map((m) => m.Ebs!.SnapshotId!);
    const copySnaps = Object.fromEntries(copySnapshotsOut.Snapshots!.map((s) => [s.SnapshotId!, s]));
    expect(Object.keys(copySnaps).sort()).toEqual([...copySnapshots].sort());
    copySnapshots.forEach((id, i) => {
      expect(copySnaps[id]!.VolumeId).toBe('vol-ffffffff');
      expect(copySnaps[id]!.Description).toMatch(
        new RegExp(
          `^Copied for DestinationAmi ${copyId} from SourceAmi ${amiId} for SourceSnapshot ${amiSnapshots[i]}\\. Task created on [\\d,]+\\.$`,
        ),
      );
    });
  });
});

/** The AWS CLI against the emulator at `url`, with a home of its own in `dir`: `key` overrides the credentials. */
function cliIn(url: string, dir: string) {
  return async <T>(key: Record<string, string>, ...args: string[]): Promise<T> => {
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      ...key,
    };
    const { stdout } = await run('aws', [...args, '--endpoint-url', url, '--region', 'us-east-1', '--output', 'json'], {
      env: env as NodeJS.ProcessEnv,
      timeout: 20_000,
    });
    return stdout.trim() ? (JSON.parse(stdout) as T) : ({} as T);
  };
}

/** Runs `play` with the AWS CLI against an emulator of `scenario`, then closes it and removes the CLI's home. */
async function withCli(scenario: string, play: (aws: ReturnType<typeof cliIn>) => Promise<void>): Promise<void> {
  const h = await start({ scenario, delayMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
  try {
    await play(cliIn(h.url, dir));
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('AWS CLI across accounts', () => {
  const title = 'assumes a role with STS, lists the organization and reads a shared image’s launch permissions';
  it.skipIf(!hasCli)(hasCli ? title : `${title} — skipped: ${skipReason}`, { timeout: 60_000 }, async () => {
    await withCli('organization', async (aws) => {
      const assumed = await aws<AssumeRoleResponse>(
        {},
        'sts',
        'assume-role',
        '--role-arn',
        'arn:aws:iam::111122223333:role/LineageReader',
        '--role-session-name',
        'lineage',
      );
      const session = {
        AWS_ACCESS_KEY_ID: assumed.Credentials!.AccessKeyId!,
        AWS_SECRET_ACCESS_KEY: assumed.Credentials!.SecretAccessKey!,
        AWS_SESSION_TOKEN: assumed.Credentials!.SessionToken!,
      };
      expect((await aws<GetCallerIdentityResponse>(session, 'sts', 'get-caller-identity')).Arn).toBe(
        'arn:aws:sts::111122223333:assumed-role/LineageReader/lineage',
      );
      const accounts = await aws<ListAccountsResponse>({}, 'organizations', 'list-accounts');
      expect(accounts.Accounts!.map((a) => a.Name)).toEqual(['management', 'tooling', 'prod', 'staging', 'sandbox']);
      const images = await aws<DescribeImagesResult>(
        session,
        'ec2',
        'describe-images',
        '--owners',
        'self',
        '--filters',
        'Name=name,Values=golden-al2023-v2',
      );
      const attribute = await aws<ImageAttribute>(
        session,
        'ec2',
        'describe-image-attribute',
        '--image-id',
        images.Images![0]!.ImageId!,
        '--attribute',
        'launchPermission',
      );
      expect(attribute.LaunchPermissions).toEqual([
        { OrganizationArn: 'arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5' },
      ]);
    });
  });
});

describe('AWS CLI: encryption, key pairs, the instance catalogue, RegisterImage', () => {
  const title =
    'an encrypted volume’s snapshot and the AMI registered on it are encrypted; a key pair and t2.micro launch';
  it.skipIf(!hasCli)(hasCli ? title : `${title} — skipped: ${skipReason}`, { timeout: 90_000 }, async () => {
    await withCli('empty', async (aws) => {
      const volume = await aws<Volume>(
        {},
        'ec2',
        'create-volume',
        '--availability-zone',
        'us-east-1a',
        '--size',
        '8',
        '--encrypted',
      );
      expect(volume.Encrypted).toBe(true);
      expect(volume.KmsKeyId).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
      const snapshot = await aws<Snapshot>({}, 'ec2', 'create-snapshot', '--volume-id', volume.VolumeId!);
      expect([snapshot.Encrypted, snapshot.KmsKeyId]).toEqual([true, volume.KmsKeyId]);
      const image = await aws<RegisterImageResult>(
        {},
        'ec2',
        'register-image',
        '--name',
        'cli-registered',
        '--root-device-name',
        '/dev/xvda',
        '--architecture',
        'x86_64',
        '--block-device-mappings',
        `DeviceName=/dev/xvda,Ebs={SnapshotId=${snapshot.SnapshotId}}`,
      );
      const described = await aws<DescribeImagesResult>({}, 'ec2', 'describe-images', '--image-ids', image.ImageId!);
      expect(described.Images![0]!.BlockDeviceMappings![0]!.Ebs).toMatchObject({
        SnapshotId: snapshot.SnapshotId,
        Encrypted: true,
      });
      await aws<KeyPair>({}, 'ec2', 'create-key-pair', '--key-name', 'cli-key');
      const launched = await aws<Reservation>(
        {},
        'ec2',
        'run-instances',
        '--image-id',
        image.ImageId!,
        '--instance-type',
        't2.micro',
        '--key-name',
        'cli-key',
        '--count',
        '1',
      );
      expect(launched.Instances![0]).toMatchObject({ InstanceType: 't2.micro', KeyName: 'cli-key' });
      await expect(
        aws(
          {},
          'ec2',
          'run-instances',
          '--image-id',
          image.ImageId!,
          '--instance-type',
          't2.micro',
          '--key-name',
          'nope',
          '--count',
          '1',
        ),
      ).rejects.toThrow(/InvalidKeyPair.NotFound/);
    });
  });
});
