'use client';

import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import type { BaseImagesResponse } from '@/lib/api/base-images';
import { fetchJson } from '@/lib/api/client';
import type { ActionResult } from '@/lib/api/actions';
import { EBS_VOLUME_TYPES as VOLUME_TYPES } from '@/lib/lineage/ec2';
import type { ImageNode, InstanceNode, LineageGraph, LineageNode, SnapshotNode, VolumeNode } from '@/lib/lineage';
import { indexGraph } from '@/lib/lineage';
import { plural } from '@/lib/lineage/story';
import { ActionDialog, Field, INPUT } from './ActionDialog';

export interface DialogContext {
  graph: LineageGraph;
  regions: readonly string[];
  /** `removed` names a resource the action deleted, so a selection of it can be cleared. */
  onDone: (result: ActionResult, message: string, removed?: string) => void;
  onClose: () => void;
}

const label = (n: Pick<LineageNode, 'id' | 'name'>) => n.name ?? n.id;

const Mono = ({ children }: { children: ReactNode }) => <span className="font-mono text-[13px]">{children}</span>;

function list(items: ReactNode[]): ReactNode {
  return items.map((item, i) => (
    <span key={i}>
      {i > 0 ? (i === items.length - 1 ? ' and ' : ', ') : null}
      {item}
    </span>
  ));
}

/** A default AMI name: the instance's name and the time, within AWS's character rules. */
function defaultImageName(base: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return `${base.replace(/[^A-Za-z0-9()[\] ./\-'@_]/g, '-').slice(0, 100)}-${stamp}`;
}

function volumesOf(graph: LineageGraph, instance: InstanceNode) {
  const index = indexGraph(graph);
  return (index.outgoing.get(instance.id) ?? [])
    .filter((e) => e.kind === 'attached')
    .map((e) => {
      const volume = index.nodes.get(e.target) as VolumeNode | undefined;
      const attachment = volume?.details.attachments.find((a) => a.instanceId === instance.id);
      return {
        id: e.target,
        device: e.label ?? attachment?.device ?? null,
        sizeGiB: volume?.sizeGiB ?? null,
        deleteOnTermination: attachment?.deleteOnTermination ?? null,
      };
    });
}

function backingSnapshots(graph: LineageGraph, image: ImageNode) {
  const index = indexGraph(graph);
  return image.details.blockDeviceMappings
    .filter((m) => m.snapshotId)
    .map((m) => {
      const users = (index.outgoing.get(m.snapshotId!) ?? [])
        .filter((e) => e.kind === 'backs' && e.target !== image.id)
        .map((e) => e.target);
      return { id: m.snapshotId!, device: m.deviceName, sizeGiB: m.sizeGiB, sharedWith: users };
    });
}

const sizeAndDevice = (sizeGiB: number | null, device: string | null) =>
  [sizeGiB != null ? `${sizeGiB} GiB` : null, device].filter(Boolean).join(', ');

export function CreateImageDialog({ ctx, instance }: { ctx: DialogContext; instance: InstanceNode }) {
  const [name, setName] = useState(() => defaultImageName(label(instance)));
  const [description, setDescription] = useState('');
  const [noReboot, setNoReboot] = useState(false);
  const volumes = useMemo(() => volumesOf(ctx.graph, instance), [ctx.graph, instance]);
  return (
    <ActionDialog
      action="create-image"
      title={`Create an image from ${label(instance)}`}
      body={{ region: instance.region, instanceId: instance.id, name, description: description || undefined, noReboot }}
      submitLabel="Create image"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Creating AMI ${name} (${r.imageId}) and its snapshots`)}
      summary={
        <>
          Creates an AMI and one snapshot per attached volume
          {volumes.length ? (
            <>
              :{' '}
              {list(
                volumes.map((v) => (
                  <span key={v.id}>
                    <Mono>{v.id}</Mono> ({sizeAndDevice(v.sizeGiB, v.device)})
                  </span>
                )),
              )}
            </>
          ) : null}
          .{' '}
          {noReboot
            ? 'The instance keeps running; a snapshot of a running file system may be inconsistent.'
            : 'The instance reboots unless No reboot is ticked.'}
        </>
      }
    >
      <Field label="AMI name" hint="3–128 letters, digits, spaces and ( ) [ ] . / - ' @ _; unique in the region.">
        {(id) => <input id={id} className={INPUT} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      <Field label="Description">
        {(id) => (
          <input id={id} className={INPUT} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={noReboot} onChange={(e) => setNoReboot(e.target.checked)} /> No reboot
      </label>
    </ActionDialog>
  );
}

const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large', 'c5.xlarge', 't4g.micro', 'm7g.large'];
const NEXT_DEVICES = ['/dev/sdg', '/dev/sdh', '/dev/sdi', '/dev/sdj', '/dev/sdk'];

interface ExtraVolumeRow {
  deviceName: string;
  sizeGiB: number;
  volumeType: (typeof VOLUME_TYPES)[number];
}

interface LaunchSource {
  region: string;
  imageId: string;
  label: string;
  /** The image's volumes, restored into every instance. */
  snapshots: { id: string | null; device: string | null; sizeGiB: number | null }[];
}

export function RunInstancesDialog({ ctx, image }: { ctx: DialogContext; image: ImageNode }) {
  const source = useMemo<LaunchSource>(
    () => ({
      region: image.region,
      imageId: image.id,
      label: label(image),
      snapshots: backingSnapshots(ctx.graph, image),
    }),
    [ctx.graph, image],
  );
  return <RunInstancesForm ctx={ctx} source={source} />;
}

/** Launching a first instance: from one of Amazon's base images in a chosen region. */
export function LaunchFromBaseDialog({ ctx }: { ctx: DialogContext }) {
  const [region, setRegion] = useState(ctx.regions[0] ?? 'us-east-1');
  const images = useQuery({
    queryKey: ['base-images', region],
    queryFn: ({ signal }) =>
      fetchJson<BaseImagesResponse>(`/api/base-images?region=${encodeURIComponent(region)}`, { signal }),
    staleTime: 5 * 60_000,
  });
  const [picked, setPicked] = useState<string | null>(null);
  const list = images.data?.images ?? [];
  const image = list.find((i) => i.imageId === picked) ?? list[0];
  const source: LaunchSource | null = image
    ? {
        region,
        imageId: image.imageId,
        label: image.name,
        snapshots: [{ id: null, device: image.rootDeviceName, sizeGiB: image.rootSizeGiB }],
      }
    : null;
  const picker = (
    <div className="grid grid-cols-[140px_1fr] gap-3">
      <Field label="Region">
        {(id) => (
          <RegionSelect
            id={id}
            value={region}
            onChange={(r) => {
              setRegion(r);
              setPicked(null);
            }}
            regions={ctx.regions}
          />
        )}
      </Field>
      <Field label="Image">
        {(id) => (
          <select
            id={id}
            className={INPUT}
            value={image?.imageId ?? ''}
            onChange={(e) => setPicked(e.target.value)}
            disabled={!list.length}
          >
            {images.isPending ? <option>Loading…</option> : null}
            {list.map((i) => (
              <option key={i.imageId} value={i.imageId}>
                {i.label} — {i.imageId}
              </option>
            ))}
          </select>
        )}
      </Field>
      {images.isError ? (
        <p className="col-span-2 text-sm text-red-700">Cannot list images: {images.error.message}</p>
      ) : null}
    </div>
  );
  return source ? (
    <RunInstancesForm key={source.imageId} ctx={ctx} source={source} picker={picker} />
  ) : (
    <ActionDialog
      action="run-instances"
      title="Launch an instance"
      body={{ region, imageId: '', instanceType: 't3.micro', count: 1 }}
      submitLabel="Launch instance"
      onClose={ctx.onClose}
      onDone={() => undefined}
      summary="Choose an image to launch from."
    >
      {picker}
    </ActionDialog>
  );
}

function RunInstancesForm({ ctx, source, picker }: { ctx: DialogContext; source: LaunchSource; picker?: ReactNode }) {
  const [instanceType, setInstanceType] = useState('t3.micro');
  const [count, setCount] = useState(1);
  const [name, setName] = useState('');
  const [extra, setExtra] = useState<ExtraVolumeRow[]>([]);
  const { snapshots } = source;
  const usedDevices = new Set([...snapshots.map((s) => s.device), ...extra.map((v) => v.deviceName)]);
  const nextDevice = ['/dev/sdf', ...NEXT_DEVICES].find((d) => !usedDevices.has(d));
  return (
    <ActionDialog
      action="run-instances"
      title={`Launch instances from ${source.label}`}
      body={{
        region: source.region,
        imageId: source.imageId,
        instanceType,
        count,
        name: name || undefined,
        extraVolumes: extra.length ? extra.map((v) => ({ ...v, deleteOnTermination: true })) : undefined,
      }}
      submitLabel={count === 1 ? 'Launch instance' : `Launch ${count} instances`}
      onClose={ctx.onClose}
      onDone={(r) =>
        ctx.onDone(
          r,
          `Launching ${plural(r.instanceIds?.length ?? count, 'instance')}: ${(r.instanceIds ?? []).join(', ')}`,
        )
      }
      summary={
        <>
          Launches {plural(count, `${instanceType} instance`)} from <strong>{source.label}</strong> in {source.region}
          {snapshots.length + extra.length ? (
            <>
              , each with {plural(snapshots.length + extra.length, 'volume')}:{' '}
              {list([
                ...snapshots.map((s, i) => (
                  <span key={s.id ?? i}>
                    restored from {s.id ? <Mono>{s.id}</Mono> : 'its snapshot'} ({sizeAndDevice(s.sizeGiB, s.device)})
                  </span>
                )),
                ...extra.map((v) => (
                  <span key={v.deviceName}>
                    a blank {v.sizeGiB} GiB {v.volumeType} volume at {v.deviceName}
                  </span>
                )),
              ])}
            </>
          ) : null}
          .
        </>
      }
    >
      {picker}
      <div className="grid grid-cols-[1fr_96px] gap-3">
        <Field label="Instance type">
          {(id) => (
            <>
              <input
                id={id}
                list={`${id}-types`}
                className={INPUT}
                value={instanceType}
                onChange={(e) => setInstanceType(e.target.value.trim())}
                autoFocus
              />
              <datalist id={`${id}-types`}>
                {INSTANCE_TYPES.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="Count">
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              max={20}
              className={INPUT}
              value={count}
              onChange={(e) => setCount(Number(e.target.value))}
            />
          )}
        </Field>
      </div>
      <Field label="Name tag">
        {(id) => (
          <input
            id={id}
            className={INPUT}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="optional"
          />
        )}
      </Field>
      <div className="space-y-2">
        <div className="text-sm font-medium">Extra volumes</div>
        {extra.map((v, i) => (
          <div key={i} className="flex items-center gap-2 text-sm" data-testid="extra-volume">
            <input
              aria-label="Device"
              className={`${INPUT} w-28`}
              value={v.deviceName}
              onChange={(e) => setExtra(extra.map((x, j) => (j === i ? { ...x, deviceName: e.target.value } : x)))}
            />
            <input
              aria-label="Size (GiB)"
              type="number"
              min={1}
              className={`${INPUT} w-20`}
              value={v.sizeGiB}
              onChange={(e) => setExtra(extra.map((x, j) => (j === i ? { ...x, sizeGiB: Number(e.target.value) } : x)))}
            />
            <span className="text-neutral-500">GiB</span>
            <select
              aria-label="Volume type"
              className={`${INPUT} w-24`}
              value={v.volumeType}
              onChange={(e) =>
                setExtra(
                  extra.map((x, j) =>
                    j === i ? { ...x, volumeType: e.target.value as ExtraVolumeRow['volumeType'] } : x,
                  ),
                )
              }
            >
              {VOLUME_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <button
              type="button"
              className="ml-auto text-neutral-500 hover:text-neutral-900"
              onClick={() => setExtra(extra.filter((_, j) => j !== i))}
              aria-label={`Remove ${v.deviceName}`}
            >
              Remove
            </button>
          </div>
        ))}
        {nextDevice && extra.length < 5 ? (
          <button
            type="button"
            className="text-sm underline underline-offset-2"
            onClick={() => setExtra([...extra, { deviceName: nextDevice, sizeGiB: 2, volumeType: 'gp3' }])}
          >
            Add a volume
          </button>
        ) : null}
      </div>
    </ActionDialog>
  );
}

function RegionSelect({
  id,
  value,
  onChange,
  regions,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  regions: readonly string[];
}) {
  return (
    <select id={id} className={INPUT} value={value} onChange={(e) => onChange(e.target.value)}>
      {regions.map((r) => (
        <option key={r}>{r}</option>
      ))}
    </select>
  );
}

const otherRegions = (regions: readonly string[], current: string) => {
  const others = regions.filter((r) => r !== current);
  return others.length ? others : [current];
};

export function CopyImageDialog({ ctx, image }: { ctx: DialogContext; image: ImageNode }) {
  const choices = otherRegions(ctx.regions, image.region);
  const [destination, setDestination] = useState(choices[0]!);
  const [name, setName] = useState(image.name ?? '');
  const snapshots = useMemo(() => backingSnapshots(ctx.graph, image), [ctx.graph, image]);
  return (
    <ActionDialog
      action="copy-image"
      title={`Copy ${label(image)} to another region`}
      body={{ sourceRegion: image.region, imageId: image.id, destinationRegion: destination, name }}
      submitLabel="Copy image"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Copying ${label(image)} to ${destination} as ${r.imageId}`)}
      summary={
        <>
          Copies <strong>{label(image)}</strong> and its {plural(snapshots.length, 'snapshot')}
          {image.sizeGiB != null ? ` (${image.sizeGiB} GiB)` : ''} to {destination} as a new AMI named “{name}”. The
          copy records where it came from.
        </>
      }
    >
      <Field label="Destination region">
        {(id) => <RegionSelect id={id} value={destination} onChange={setDestination} regions={choices} />}
      </Field>
      <Field label="Name of the copy">
        {(id) => <input id={id} className={INPUT} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
    </ActionDialog>
  );
}

export function DeregisterImageDialog({ ctx, image }: { ctx: DialogContext; image: ImageNode }) {
  const [deleteSnapshots, setDeleteSnapshots] = useState(false);
  const snapshots = useMemo(() => backingSnapshots(ctx.graph, image), [ctx.graph, image]);
  const kept = snapshots.filter((s) => s.sharedWith.length > 0);
  const deleted = snapshots.filter((s) => s.sharedWith.length === 0);
  const launched = (indexGraph(ctx.graph).outgoing.get(image.id) ?? []).filter((e) => e.kind === 'launched').length;
  return (
    <ActionDialog
      action="deregister-image"
      title={`Deregister ${label(image)}`}
      body={{ region: image.region, imageId: image.id, deleteSnapshots }}
      submitLabel="Deregister"
      confirmText={label(image)}
      onClose={ctx.onClose}
      onDone={(r) =>
        ctx.onDone(
          r,
          `Deregistered ${label(image)}${r.deletedSnapshotIds?.length ? ` and deleted ${plural(r.deletedSnapshotIds.length, 'snapshot')}` : ''}`,
          image.id,
        )
      }
      summary={
        <>
          Deregisters <strong>{label(image)}</strong>: nobody can launch from it any more.
          {launched ? ` The ${plural(launched, 'instance')} launched from it keep running.` : ''}{' '}
          {deleteSnapshots ? (
            <>
              {deleted.length ? <>Deletes {list(deleted.map((s) => <Mono key={s.id}>{s.id}</Mono>))}. </> : null}
              {kept.length ? (
                <span data-testid="kept-snapshots">
                  Keeps{' '}
                  {list(
                    kept.map((s) => (
                      <span key={s.id}>
                        <Mono>{s.id}</Mono> (also backs {s.sharedWith.join(', ')})
                      </span>
                    )),
                  )}
                  .
                </span>
              ) : null}
            </>
          ) : (
            <>Its {plural(snapshots.length, 'snapshot')} stay and keep costing storage.</>
          )}
        </>
      }
    >
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={deleteSnapshots} onChange={(e) => setDeleteSnapshots(e.target.checked)} /> Also
        delete its snapshots
      </label>
    </ActionDialog>
  );
}

export function CreateVolumeDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const [zone, setZone] = useState(`${snapshot.region}a`);
  const [size, setSize] = useState(snapshot.sizeGiB ?? 8);
  const [volumeType, setVolumeType] = useState<(typeof VOLUME_TYPES)[number]>('gp3');
  return (
    <ActionDialog
      action="create-volume"
      title={`Create a volume from ${label(snapshot)}`}
      body={{ region: snapshot.region, snapshotId: snapshot.id, availabilityZone: zone, sizeGiB: size, volumeType }}
      submitLabel="Create volume"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Creating volume ${r.volumeId} from ${snapshot.id}`)}
      summary={
        <>
          Creates a {size} GiB {volumeType} volume in {zone}, restored from <Mono>{snapshot.id}</Mono>. It is attached
          to nothing.
        </>
      }
    >
      <div className="grid grid-cols-3 gap-3">
        <Field label="Zone">
          {(id) => (
            <select id={id} className={INPUT} value={zone} onChange={(e) => setZone(e.target.value)} autoFocus>
              {['a', 'b', 'c'].map((l) => (
                <option key={l}>{`${snapshot.region}${l}`}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Size (GiB)" hint={snapshot.sizeGiB ? `at least ${snapshot.sizeGiB}` : undefined}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={snapshot.sizeGiB ?? 1}
              className={INPUT}
              value={size}
              onChange={(e) => setSize(Number(e.target.value))}
            />
          )}
        </Field>
        <Field label="Type">
          {(id) => (
            <select
              id={id}
              className={INPUT}
              value={volumeType}
              onChange={(e) => setVolumeType(e.target.value as (typeof VOLUME_TYPES)[number])}
            >
              {VOLUME_TYPES.filter((t) => t !== 'io1' && t !== 'io2').map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </ActionDialog>
  );
}

export function CopySnapshotDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const choices = otherRegions(ctx.regions, snapshot.region);
  const [destination, setDestination] = useState(choices[0]!);
  const [description, setDescription] = useState('');
  return (
    <ActionDialog
      action="copy-snapshot"
      title={`Copy ${label(snapshot)} to another region`}
      body={{
        sourceRegion: snapshot.region,
        snapshotId: snapshot.id,
        destinationRegion: destination,
        description: description || undefined,
      }}
      submitLabel="Copy snapshot"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Copying ${snapshot.id} to ${destination} as ${r.snapshotId}`)}
      summary={
        <>
          Copies <Mono>{snapshot.id}</Mono>
          {snapshot.sizeGiB != null ? ` (${snapshot.sizeGiB} GiB)` : ''} to {destination}. EC2 notes the source in the
          copy’s description.
        </>
      }
    >
      <Field label="Destination region">
        {(id) => <RegionSelect id={id} value={destination} onChange={setDestination} regions={choices} />}
      </Field>
      <Field label="Description">
        {(id) => (
          <input
            id={id}
            className={INPUT}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="optional"
          />
        )}
      </Field>
    </ActionDialog>
  );
}

export function DeleteSnapshotDialog({ ctx, snapshot }: { ctx: DialogContext; snapshot: SnapshotNode }) {
  const images = (indexGraph(ctx.graph).outgoing.get(snapshot.id) ?? [])
    .filter((e) => e.kind === 'backs')
    .map((e) => e.target);
  return (
    <ActionDialog
      action="delete-snapshot"
      title={`Delete ${label(snapshot)}`}
      body={{ region: snapshot.region, snapshotId: snapshot.id }}
      submitLabel="Delete snapshot"
      confirmText={label(snapshot)}
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Deleted ${snapshot.id}`, snapshot.id)}
      summary={
        images.length ? (
          <span className="text-amber-800 dark:text-amber-300">
            This snapshot backs {list(images.map((id) => <Mono key={id}>{id}</Mono>))}: EC2 refuses to delete it until
            that AMI is deregistered.
          </span>
        ) : (
          <>
            Deletes <Mono>{snapshot.id}</Mono>
            {snapshot.sizeGiB != null ? ` (${snapshot.sizeGiB} GiB)` : ''} for good. Volumes already restored from it
            are not affected.
          </>
        )
      }
    />
  );
}

export function CreateSnapshotDialog({ ctx, volume }: { ctx: DialogContext; volume: VolumeNode }) {
  const [description, setDescription] = useState('');
  const attachment = volume.details.attachments[0];
  return (
    <ActionDialog
      action="create-snapshot"
      title={`Snapshot ${label(volume)}`}
      body={{ region: volume.region, volumeId: volume.id, description: description || undefined }}
      submitLabel="Create snapshot"
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Creating snapshot ${r.snapshotId} of ${volume.id}`)}
      summary={
        <>
          Creates a snapshot of <Mono>{volume.id}</Mono>
          {volume.sizeGiB != null ? ` (${volume.sizeGiB} GiB)` : ''}
          {attachment
            ? `, attached to ${attachment.instanceId}${attachment.device ? ` as ${attachment.device}` : ''}`
            : ''}
          . It is pending until EC2 has copied every block.
        </>
      }
    >
      <Field label="Description">
        {(id) => (
          <input
            id={id}
            className={INPUT}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            autoFocus
            placeholder="optional"
          />
        )}
      </Field>
    </ActionDialog>
  );
}

export function TerminateDialog({ ctx, instance }: { ctx: DialogContext; instance: InstanceNode }) {
  const volumes = useMemo(() => volumesOf(ctx.graph, instance), [ctx.graph, instance]);
  const deleted = volumes.filter((v) => v.deleteOnTermination !== false);
  const kept = volumes.filter((v) => v.deleteOnTermination === false);
  return (
    <ActionDialog
      action="terminate-instances"
      title={`Terminate ${label(instance)}`}
      body={{ region: instance.region, instanceIds: [instance.id] }}
      submitLabel="Terminate"
      confirmText={label(instance)}
      onClose={ctx.onClose}
      onDone={(r) => ctx.onDone(r, `Terminating ${label(instance)}`)}
      summary={
        <>
          Terminates <strong>{label(instance)}</strong>.{' '}
          {deleted.length ? (
            <>
              Deletes the volumes marked delete-on-termination:{' '}
              {list(
                deleted.map((v) => (
                  <span key={v.id}>
                    <Mono>{v.id}</Mono> ({sizeAndDevice(v.sizeGiB, v.device)})
                  </span>
                )),
              )}
              .{' '}
            </>
          ) : null}
          {kept.length ? (
            <>
              Keeps{' '}
              {list(
                kept.map((v) => (
                  <span key={v.id}>
                    <Mono>{v.id}</Mono> ({sizeAndDevice(v.sizeGiB, v.device)})
                  </span>
                )),
              )}
              , which become available.{' '}
            </>
          ) : null}
          AMIs and snapshots made from it stay.
        </>
      }
    />
  );
}
