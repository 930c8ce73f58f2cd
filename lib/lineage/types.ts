/**
 * Output of the lineage builder: typed nodes and typed edges, each edge carrying the evidence it was
 * read from. This file is the single source of truth for node and edge kinds.
 */
import type { ExternalReason } from './external';
import type { Attribution } from './trail';

export const NODE_KINDS = ['instance', 'volume', 'snapshot', 'image'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * Edge kinds, in the order of the edge table in docs/ARCHITECTURE.md. Every edge points from the older resource
 * to the one made from (or attached to) it:
 *
 * | kind          | source → target       |
 * |---------------|-----------------------|
 * | attached      | instance → volume     |
 * | snapshot-of   | volume → snapshot     |
 * | backs         | snapshot → image      |
 * | created-image | instance → image      |
 * | launched      | image → instance      |
 * | restored      | snapshot → volume     |
 * | copied        | image → image, snapshot → snapshot |
 */
export const EDGE_KINDS = [
  'attached',
  'snapshot-of',
  'backs',
  'created-image',
  'launched',
  'restored',
  'copied',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

interface NodeBase<K extends NodeKind, D> {
  /** The EC2 resource id (`i-…`, `vol-…`, `snap-…`, `ami-…`); unique within a graph. */
  id: string;
  kind: K;
  /** The region of the inventory the resource came from; for a ghost, the region its evidence implies. */
  region: string;
  /**
   * The AWS account that owns it: the account whose inventory listed it; for another account's image, its owner;
   * for a ghost, the account its evidence implies (a volume's snapshot is in the volume's account), else null.
   */
  accountId: string | null;
  /** The Name tag; for images the AMI Name, falling back to the Name tag. */
  name: string | null;
  /** EC2 state as reported (`running`, `in-use`, `completed`, `available`, …); null for ghosts. */
  state: string | null;
  /**
   * GiB. Volume: Size; snapshot: VolumeSize; image: sum of its mapping sizes; instance: sum of the sizes
   * of its attached volumes that are known. Null when nothing is known.
   */
  sizeGiB: number | null;
  /** ISO-8601 (launch, create or start time), or null. */
  createdAt: string | null;
  tags: Record<string, string>;
  /** True for a resource that is referenced but not (or not owned) in the inventory: drawn as a ghost. */
  external: boolean;
  /** Why the node is external; `externalReasonText` says it in words ("public AMI, owned by amazon"). */
  externalReason?: ExternalReason;
  /** A ghost the history store remembers: when it was last listed (ISO-8601). */
  lastSeenAt?: string;
  /** In the Recycle Bin: when it went in and when it is gone for good (ISO-8601). */
  recycleBin?: { enteredAt: string; exitsAt: string };
  /** Who made it, from CloudTrail, where known. */
  createdBy?: Attribution;
  /** A ghost: who removed it, from CloudTrail, where known. */
  deletedBy?: Attribution;
  details: D;
}

export interface InstanceDetails {
  instanceType: string | null;
  imageId: string | null;
  availabilityZone: string | null;
  rootDeviceName: string | null;
  /** How it was launched: its network and access, each present only when EC2 reports it. */
  subnetId?: string;
  securityGroups?: { id: string; name: string | null }[];
  keyName?: string;
  instanceProfileArn?: string;
}

export interface VolumeAttachmentInfo {
  instanceId: string;
  device: string | null;
  state: string | null;
  deleteOnTermination: boolean | null;
}

export interface VolumeDetails {
  volumeType: string | null;
  availabilityZone: string | null;
  snapshotId: string | null;
  multiAttachEnabled: boolean;
  attachments: VolumeAttachmentInfo[];
  /** Whether EBS encrypts it, and with which KMS key (an ARN); absent in a graph recorded before it was read. */
  encrypted?: boolean | null;
  kmsKeyId?: string | null;
}

export interface SnapshotDetails {
  /** The volume it was taken from; null for copies (they carry `vol-ffffffff`) and when absent. */
  volumeId: string | null;
  progress: string | null;
  description: string | null;
  ownerId: string | null;
  /** What EC2 wrote in the description about where the snapshot came from; null when it says nothing. */
  provenance: SnapshotProvenance | null;
  /**
   * Owned snapshots, once read (after the graph is served): who may create volumes from it — account ids, and `all`
   * when public. Absent until read.
   */
  sharedWith?: string[];
  /** `standard` or `archive`; absent in a graph recorded before it was read. */
  storageTier?: string | null;
  /** FullSnapshotSizeInBytes: the blocks written on the volume when it was taken, where EC2 reports it. */
  fullSizeBytes?: number | null;
  /** As on a volume. */
  encrypted?: boolean | null;
  kmsKeyId?: string | null;
}

/** A snapshot's description, read once: each part is present when the description says it. */
export interface SnapshotProvenance {
  /** `Created by CreateImage(i-…) for ami-…[ from vol-…]`: made for that image from that instance's volume. */
  createImage: { imageId: string; instanceId: string; volumeId: string | null; text: string } | null;
  /** `Copied for DestinationAmi ami-… from SourceAmi ami-… for SourceSnapshot snap-…`: a CopyImage copy. */
  copyImage: { imageId: string; sourceImageId: string; sourceSnapshotId: string; text: string } | null;
  /** `[Copied snap-… from REGION]`: the console's CopySnapshot, naming the direct source. */
  copySnapshot: { snapshotId: string; region: string; text: string } | null;
}

export interface ImageMappingInfo {
  deviceName: string | null;
  snapshotId: string | null;
  sizeGiB: number | null;
  encrypted?: boolean | null;
  kmsKeyId?: string | null;
}

export interface ImageDetails {
  ownerId: string | null;
  ownerAlias: string | null;
  public: boolean | null;
  description: string | null;
  rootDeviceName: string | null;
  sourceInstanceId: string | null;
  sourceImageId: string | null;
  sourceImageRegion: string | null;
  lastLaunchedTime: string | null;
  blockDeviceMappings: ImageMappingInfo[];
  /**
   * Encrypted when every snapshot it maps is, with its root snapshot's key (else the first one's); null when its
   * mappings do not say; absent in a graph recorded before it was read.
   */
  encrypted?: boolean | null;
  kmsKeyId?: string | null;
  /**
   * Owned images, once read (after the graph is served): who may launch it — account ids, `all` when public,
   * organization and organizational unit ARNs. Absent until read.
   */
  sharedWith?: string[];
  /** Owned images that are shared, once the owner's usage report is asked for: which accounts use it. */
  usage?: ImageUsage;
}

/** One consuming account of an image's usage report. */
export interface ImageUsageEntry {
  accountId: string;
  instances: number;
  launchTemplates: number;
}

/** An image's usage report: being made, ready, or not to be had (with EC2's code). */
export type ImageUsage =
  | { state: 'pending' }
  | { state: 'available'; reportedAt: string; accounts: ImageUsageEntry[] }
  | { state: 'unavailable'; code: string; message: string };

export type InstanceNode = NodeBase<'instance', InstanceDetails>;
export type VolumeNode = NodeBase<'volume', VolumeDetails>;
export type SnapshotNode = NodeBase<'snapshot', SnapshotDetails>;
export type ImageNode = NodeBase<'image', ImageDetails>;

export type LineageNode = InstanceNode | VolumeNode | SnapshotNode | ImageNode;

/** The node type of a given kind: `NodeOfKind<'image'>` is `ImageNode`. */
export type NodeOfKind<K extends NodeKind> = Extract<LineageNode, { kind: K }>;

export interface LineageEdge {
  /** `${kind}:${source}->${target}`; unique within a graph. */
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** Where the fact was read from, e.g. "Volume.Attachments", "snapshot description: Created by …". */
  evidence: string;
  /** Device name for attached/backs; destination region for copied. */
  label?: string;
  /** ISO-8601 date of the fact when known (attach time, snapshot start, image creation, launch). */
  at?: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** `attached:` …: each made once, so an edge id is three joined strings rather than four. */
const EDGE_ID_PREFIX = Object.fromEntries(EDGE_KINDS.map((kind) => [kind, `${kind}:`])) as Record<EdgeKind, string>;

export function edgeId(kind: EdgeKind, source: string, target: string): string {
  return EDGE_ID_PREFIX[kind] + source + '->' + target;
}
