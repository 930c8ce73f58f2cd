'use client';

import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { StackIcon } from '@/components/ui/icons';
import { formatDate } from '@/lib/lineage/story';
import { useCardEmphasis } from '../emphasis';
import { KIND_STYLE } from '../kinds';
import type { GroupFlowNode } from '../types';
import { CardBody, CardFrame } from './ResourceCard';

/** A long chain of snapshots of one volume, drawn as one stacked card; selecting it expands the chain. */
function SnapshotGroupNode({ id, data }: NodeProps<GroupFlowNode>) {
  const { group } = data;
  const { emphasis, selected } = useCardEmphasis(id);
  const accent = KIND_STYLE.snapshot.accent;
  return (
    <CardFrame accent={accent} emphasis={emphasis} selected={selected} stacked>
      <CardBody
        icon={<StackIcon width={16} height={16} className="mt-0.5 shrink-0" style={{ color: accent }} />}
        title={`${group.count} snapshots`}
        line={`of ${group.volumeId}`}
        mono
      >
        <span className="min-w-0 truncate">
          {formatDate(group.firstAt)} → {formatDate(group.lastAt)}
        </span>
        {data.showRegion ? (
          <span className="shrink-0 font-medium text-sky-700 dark:text-sky-300">{group.region}</span>
        ) : null}
      </CardBody>
    </CardFrame>
  );
}

export default memo(SnapshotGroupNode);
