/** Lineage model: EC2 inventory → typed graph of instances, volumes, snapshots and AMIs, and walks over it. */
export type {
  Inventory,
  InventoryImage,
  InventoryImageBlockDeviceMapping,
  InventoryInstance,
  InventorySnapshot,
  InventoryTag,
  InventoryVolume,
  InventoryVolumeAttachment,
  RegionInventory,
  Timestamp,
} from './inventory';
export {
  EDGE_KINDS,
  NODE_KINDS,
  edgeId,
  isEdgeKind,
  isImageNode,
  isInstanceNode,
  isNodeKind,
  isSnapshotNode,
  isVolumeNode,
} from './types';
export type {
  EdgeKind,
  ImageDetails,
  ImageMappingInfo,
  ImageNode,
  InstanceDetails,
  InstanceNode,
  LineageEdge,
  LineageGraph,
  LineageNode,
  NodeKind,
  NodeOfKind,
  SnapshotDetails,
  SnapshotNode,
  VolumeAttachmentInfo,
  VolumeDetails,
  VolumeNode,
} from './types';
export { buildLineage, COPIED_SNAPSHOT_VOLUME_ID } from './build';
export { ancestors, descendants, family, familyGraphs, families, indexGraph, neighbourhood, subgraph } from './queries';
export type { GraphIndex, Neighbourhood } from './queries';
export { collapseSnapshotChains, isSnapshotGroupNode, snapshotGroupId, volumeIdOfGroup } from './collapse';
export type { DisplayGraph, DisplayNode, SnapshotGroupNode } from './collapse';
export { layoutGraph } from './layout';
export type { GraphLayout, LayoutOptions } from './layout';
export { FINDING_KINDS, SIZE_BASES, compareFindings, findFindings, summarize, summarizeByKind } from './findings';
export type { FindFindingsOptions, Finding, FindingKind, FindingTotals, SizeBasis, SnapshotStorage } from './findings';
export {
  BASELINE_PRICE_REGION,
  COST_NOTE,
  EBS_VOLUME_TYPES,
  PRICES,
  PRICES_AS_OF,
  isEbsVolumeType,
  pricesFor,
  roundCents,
  snapshotArchivePricePerGiBMonth,
  snapshotPricePerGiBMonth,
  volumePricePerGiBMonth,
} from './prices';
export type { EbsVolumeType, RegionPrices } from './prices';
