import type { Edge, Node } from '@xyflow/react';
import type { EdgeKind, LineageNode, NodeKind } from '@/lib/lineage';
import type { SnapshotGroupNode } from '@/lib/lineage/collapse';
import type { FleetNode } from '@/lib/lineage/fleets';

export type Emphasis = 'none' | 'dim' | 'related';

export type ResourceNodeData<K extends NodeKind = NodeKind> = {
  resource: Extract<LineageNode, { kind: K }>;
  /** Show the region chip: the resource's family spans regions. */
  showRegion: boolean;
  /** Marked as a finding (something that can probably be deleted). */
  flagged?: boolean;
};

export type InstanceFlowNode = Node<ResourceNodeData<'instance'>, 'instance'>;
export type VolumeFlowNode = Node<ResourceNodeData<'volume'>, 'volume'>;
export type SnapshotFlowNode = Node<ResourceNodeData<'snapshot'>, 'snapshot'>;
export type ImageFlowNode = Node<ResourceNodeData<'image'>, 'image'>;
export type GroupFlowNode = Node<{ group: SnapshotGroupNode; showRegion: boolean }, 'snapshot-group'>;

export type FleetFlowNode = Node<{ fleet: FleetNode; showRegion: boolean }, 'fleet'>;

export type LineageFlowNode =
  InstanceFlowNode | VolumeFlowNode | SnapshotFlowNode | ImageFlowNode | GroupFlowNode | FleetFlowNode;

export type LineageEdgeData = {
  kind: EdgeKind;
  evidence: string;
  label?: string;
  at?: string;
  /** Source and target belong to different accounts: [source's, target's]. */
  accounts?: [string, string];
  /** The lanes the layout gave the edge through the ranks between its ends (entry and exit of each). */
  lanes?: readonly { x: number; y: number }[];
};
export type LineageFlowEdge = Edge<LineageEdgeData, 'lineage'>;
