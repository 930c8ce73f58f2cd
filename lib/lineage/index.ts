/** Lineage model: EC2 inventory → typed graph of instances, volumes, snapshots and AMIs, and walks over it. */
export type { Inventory, RegionInventory } from './inventory';
export { EDGE_KINDS, NODE_KINDS, edgeId } from './types';
export type {
  EdgeKind,
  ImageNode,
  ImageUsage,
  ImageUsageEntry,
  InstanceNode,
  LineageEdge,
  LineageGraph,
  LineageNode,
  NodeKind,
  NodeOfKind,
  SnapshotNode,
  SnapshotProvenance,
  VolumeNode,
} from './types';
export { EXTERNAL_REASONS, externalReasonText, utcMinute } from './external';
export {
  BIN_EVIDENCE,
  retentionFor,
  retentionOf,
  retentionSentence,
  retentionsSentence,
  withRecycleBin,
} from './recycle-bin';
export type { BinnedResource, RecycleBinRules, Retention, RetentionRule } from './recycle-bin';
export { encryptionOf, encryptionText } from './encryption';
export type { ExternalReason } from './external';
export { buildLineage, EVIDENCE } from './build';
export { ancestors, descendants, family, indexGraph, neighbourhood, subgraph } from './queries';
export type { GraphIndex } from './queries';
export { families } from './families';
export {
  FINDING_KINDS,
  SIZE_BASES,
  findFindings,
  isCleanable,
  judgedBySharing,
  summarize,
  summarizeByKind,
} from './findings';
export type { Finding, FindingKind, FindingTotals, SizeBasis, SnapshotStorage } from './findings';
export { COST_NOTE, PRICES_AS_OF } from './prices';
export { assembleGraph, remember } from './remember';
export type { RecordedEdge, RememberedResource } from './remember';
export { TRAIL_EVENT_NAMES, TRAIL_ROLES, attribute, callerName, kindOfIssuedId, trailFacts } from './trail';
export type { Attribution, ResourceAttribution, TrailEventInput, TrailFact, TrailRole } from './trail';
