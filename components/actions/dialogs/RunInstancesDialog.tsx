'use client';

import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { baseImagesQuery } from '@/lib/api/client';
import type { ImageNode } from '@/lib/lineage';
import { EBS_VOLUME_TYPES, type EbsVolumeType, isEbsVolumeType } from '@/lib/lineage/ec2';
import { backingSnapshots, indexGraph } from '@/lib/lineage/queries';
import { plural } from '@/lib/lineage/story';
import { ActionDialog } from '../ActionDialog';
import { type DialogContext, Field, INPUT, List, Mono, SelectField, TextField, label, sizeAndDevice } from '../form';
import {
  ChoiceSummary,
  type LaunchChoice,
  LaunchOptionsFields,
  NO_CHOICE,
  choiceBody,
  subnetRequired,
  useLaunchOptions,
} from './LaunchOptions';

const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large', 'c5.xlarge', 't4g.micro', 'm7g.large'];
/** Devices offered for extra volumes, in order. */
const EXTRA_DEVICES = ['/dev/sdf', '/dev/sdg', '/dev/sdh', '/dev/sdi', '/dev/sdj', '/dev/sdk'];
const MAX_EXTRA_VOLUMES = 5;

interface ExtraVolumeRow {
  deviceName: string;
  sizeGiB: number;
  volumeType: EbsVolumeType;
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
      snapshots: backingSnapshots(indexGraph(ctx.graph), image),
    }),
    [ctx.graph, image],
  );
  return <RunInstancesForm ctx={ctx} source={source} />;
}

/** Launching a first instance: from one of Amazon's base images in a chosen region. */
export function LaunchFromBaseDialog({ ctx }: { ctx: DialogContext }) {
  const [region, setRegion] = useState(ctx.regions[0] ?? 'us-east-1');
  const images = useQuery(baseImagesQuery(region));
  const [picked, setPicked] = useState<string | null>(null);
  const list = images.data?.images ?? [];
  const image = list.find((i) => i.imageId === picked) ?? list[0];
  const picker = (
    <div className="grid grid-cols-[140px_1fr] gap-3">
      <SelectField
        label="Region"
        value={region}
        options={ctx.regions}
        onChange={(r) => {
          setRegion(r);
          setPicked(null);
        }}
      />
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
  if (!image) {
    return (
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
  const snapshots = [{ id: null, device: image.rootDeviceName, sizeGiB: image.rootSizeGiB }];
  const source: LaunchSource = { region, imageId: image.imageId, label: image.name, snapshots };
  return <RunInstancesForm key={source.imageId} ctx={ctx} source={source} picker={picker} />;
}

function RunInstancesForm({ ctx, source, picker }: { ctx: DialogContext; source: LaunchSource; picker?: ReactNode }) {
  const [instanceType, setInstanceType] = useState('t3.micro');
  const [count, setCount] = useState(1);
  const [name, setName] = useState('');
  const [extra, setExtra] = useState<ExtraVolumeRow[]>([]);
  const [choice, setChoice] = useState<LaunchChoice>(NO_CHOICE);
  const options = useLaunchOptions(source.region);
  const used = new Set([...source.snapshots.map((s) => s.device), ...extra.map((v) => v.deviceName)]);
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
        ...choiceBody(choice),
      }}
      blocked={subnetRequired(options.data, choice)}
      submitLabel={count === 1 ? 'Launch instance' : `Launch ${count} instances`}
      onClose={ctx.onClose}
      onDone={(r) =>
        ctx.onDone(
          r,
          `Launching ${plural(r.instanceIds?.length ?? count, 'instance')}: ${(r.instanceIds ?? []).join(', ')}`,
        )
      }
      summary={
        <LaunchSummary source={source} instanceType={instanceType} count={count} extra={extra} choice={choice} />
      }
    >
      {picker}
      <div className="grid grid-cols-[1fr_96px] gap-3">
        <InstanceTypeField value={instanceType} onChange={setInstanceType} />
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
      <TextField label="Name tag" value={name} onChange={setName} placeholder="optional" />
      <ExtraVolumes rows={extra} onChange={setExtra} nextDevice={EXTRA_DEVICES.find((d) => !used.has(d))} />
      <LaunchOptionsFields region={source.region} choice={choice} onChange={setChoice} />
    </ActionDialog>
  );
}

function LaunchSummary({
  source,
  instanceType,
  count,
  extra,
  choice,
}: {
  source: LaunchSource;
  instanceType: string;
  count: number;
  extra: ExtraVolumeRow[];
  choice: LaunchChoice;
}) {
  const { snapshots } = source;
  const volumes = [
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
  ];
  return (
    <>
      Launches {plural(count, `${instanceType} instance`)} from <strong>{source.label}</strong> in {source.region}
      <ChoiceSummary choice={choice} />
      {volumes.length ? (
        <>
          , each with {plural(volumes.length, 'volume')}: <List items={volumes} />
        </>
      ) : null}
      .
    </>
  );
}

function InstanceTypeField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <Field label="Instance type">
      {(id) => (
        <>
          <input
            id={id}
            list={`${id}-types`}
            className={INPUT}
            value={value}
            onChange={(e) => onChange(e.target.value.trim())}
          />
          <datalist id={`${id}-types`}>
            {INSTANCE_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

/** Blank volumes to add to every instance: device, size and type per row. */
function ExtraVolumes({
  rows,
  onChange,
  nextDevice,
}: {
  rows: ExtraVolumeRow[];
  onChange: (rows: ExtraVolumeRow[]) => void;
  nextDevice: string | undefined;
}) {
  const change = (i: number, patch: Partial<ExtraVolumeRow>) =>
    onChange(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <div className="space-y-2">
      <div className="text-sm font-medium">Extra volumes</div>
      {rows.map((v, i) => (
        <div key={i} className="flex items-center gap-2 text-sm" data-testid="extra-volume">
          <input
            aria-label="Device"
            className={`${INPUT} w-28`}
            value={v.deviceName}
            onChange={(e) => change(i, { deviceName: e.target.value })}
          />
          <input
            aria-label="Size (GiB)"
            type="number"
            min={1}
            className={`${INPUT} w-20`}
            value={v.sizeGiB}
            onChange={(e) => change(i, { sizeGiB: Number(e.target.value) })}
          />
          <span className="text-neutral-500">GiB</span>
          <select
            aria-label="Volume type"
            className={`${INPUT} w-24`}
            value={v.volumeType}
            onChange={(e) => change(i, { volumeType: isEbsVolumeType(e.target.value) ? e.target.value : v.volumeType })}
          >
            {EBS_VOLUME_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <button
            type="button"
            className="ml-auto text-neutral-500 hover:text-neutral-900"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={`Remove ${v.deviceName}`}
          >
            Remove
          </button>
        </div>
      ))}
      {nextDevice && rows.length < MAX_EXTRA_VOLUMES ? (
        <button
          type="button"
          className="text-sm underline underline-offset-2"
          onClick={() => onChange([...rows, { deviceName: nextDevice, sizeGiB: 2, volumeType: 'gp3' }])}
        >
          Add a volume
        </button>
      ) : null}
    </div>
  );
}
