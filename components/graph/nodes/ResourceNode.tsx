'use client';

import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCardEmphasis } from '../emphasis';
import type { ImageFlowNode, InstanceFlowNode, SnapshotFlowNode, VolumeFlowNode } from '../types';
import { ResourceCard } from './ResourceCard';

type ResourceFlowNode = InstanceFlowNode | VolumeFlowNode | SnapshotFlowNode | ImageFlowNode;

/** Instances, volumes, snapshots and AMIs share one card; the kind picks its icon and accent. */
function ResourceNode({ id, data }: NodeProps<ResourceFlowNode>) {
  const { emphasis, selected } = useCardEmphasis(id);
  return (
    <ResourceCard
      resource={data.resource}
      emphasis={emphasis}
      selected={selected}
      showRegion={data.showRegion}
      flagged={data.flagged}
    />
  );
}

export default memo(ResourceNode);
