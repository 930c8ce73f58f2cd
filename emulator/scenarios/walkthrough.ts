import type { Emulator } from '../emulator';
import { AWS_BACKUP, Player, person, pipeline } from './play';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Who did what, as CloudTrail tells it: the build pipeline, alice who runs the demo, bob who cleans up. */
const CI = pipeline('ci-pipeline');
const ALICE = person('alice');
const BOB = person('bob');

/**
 * The classic walkthrough, played out over the last ten days, plus material for cleanup:
 * a deregistered AMI's leftover snapshot, an AMI nobody launched, and an unattached volume. The data volume is backed
 * up nightly, with about 3% of its data changing a day, so its snapshots form an incremental chain.
 */
export function seedWalkthrough(em: Emulator): void {
  const home = 'us-east-1';
  const dr = 'eu-west-1';
  const p = new Player(em, em.now() - 10 * DAY);
  const base = p.baseImageId(home);

  // OldBuild: baked, then its builder terminated and the AMI deregistered, leaving its snapshot behind.
  p.by(CI);
  const [oldBuilder] = p.run(home, { ImageId: base, name: 'old-build-runner' });
  p.wait(10 * 60_000);
  const oldBuild = p.createImage(home, oldBuilder!.InstanceId!, 'OldBuild', 'Release 1.0 build');
  p.wait(HOUR);
  p.terminate(home, [oldBuilder!.InstanceId!]);

  // The walkthrough itself.
  p.wait(2 * DAY).by(ALICE);
  const [demo] = p.run(home, {
    ImageId: base,
    name: 'EBSVolDemo',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/sdf',
        // The data volume is encrypted with the customer managed key, so its backups can be shared.
        Ebs: {
          VolumeSize: 2,
          VolumeType: 'gp3',
          DeleteOnTermination: false,
          Encrypted: true,
          KmsKeyId: 'alias/lineage-data',
        },
      },
    ],
  });
  const demoId = demo!.InstanceId!;
  const [, dataVolume] = p.volumesOf(demo!);
  p.churn(home, dataVolume!, { fill: 0.6, dailyChange: 0.03, growth: 0.1 });
  const nightly = () => {
    const actor = p.actor;
    p.by(AWS_BACKUP).createSnapshot(home, dataVolume!, 'Nightly backup of EBSVolDemo data volume', {
      Name: `EBSVolDemo-data-${new Date(p.time).toISOString().slice(0, 10)}`,
    });
    p.by(actor);
  };
  p.wait(30 * 60_000).by(CI);
  const image = p.createImage(home, demoId, 'ImageFromEBSVolDemo', 'AMI created from EBSVolDemo');
  p.wait(HOUR).by(ALICE);
  p.run(home, { ImageId: image, name: 'CreatedFromEBSVolDemoAMI' });

  p.wait(DAY).by(BOB);
  p.deregister(home, oldBuild);
  p.createVolume(home, { Size: 20, VolumeType: 'gp3', name: 'scratch' });
  nightly();

  p.wait(DAY).by(CI);
  p.copyImage(home, image, dr, 'ImageFromEBSVolDemo');
  nightly();
  p.wait(DAY).by(AWS_BACKUP);
  const backup = p.createSnapshot(home, dataVolume!, 'Backup of EBSVolDemo data volume', {
    Name: 'EBSVolDemo-data-backup',
  });
  p.wait(HOUR);
  p.copySnapshot(home, backup, dr, 'DR copy of EBSVolDemo data');

  // UnusedImage: baked by a build runner that is gone now, and never launched.
  p.wait(DAY).by(CI);
  const [builder] = p.run(home, { ImageId: base, name: 'build-runner' });
  p.wait(15 * 60_000);
  p.createImage(home, builder!.InstanceId!, 'UnusedImage', 'Release 2.0 candidate');
  p.wait(HOUR);
  p.terminate(home, [builder!.InstanceId!]);
}
