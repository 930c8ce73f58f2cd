'use client';

import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { StackIcon } from '@/components/ui/icons';
import { formatDate } from '@/lib/lineage/story';
import { useCardEmphasis } from '../emphasis';
import { KIND_STYLE } from '../kinds';
import type { GroupFlowNode } from '../types';
import { CardFrame } from './ResourceCard';

/** A long chain of snapshots of one volume, drawn as one stacked card; selecting it expands the chain. */
function SnapshotGroupNode({ id, data }: NodeProps<GroupFlowNode>) {
  const { group } = data;
  const { emphasis, selected } = useCardEmphasis(id);
  const accent = KIND_STYLE.snapshot.accent;
  return (
    <CardFrame accent={accent} emphasis={emphasis} selected={selected} stacked>
      <div className="flex h-full min-w-0 items-center gap-2.5 pr-2.5 pl-3">
        <StackIcon width={18} height={18} className="shrink-0" style={{ color: accent }} />
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13px] leading-5 font-medium">
            {group.count} snapshots of <span className="font-mono text-[12px]">{group.volumeId}</span>
          </div>
          <div className="truncate text-[11px] leading-4 text-neutral-500 dark:text-neutral-400">
            {formatDate(group.firstAt)} → {formatDate(group.lastAt)} · click to expand
          </div>
        </div>
      </div>
    </CardFrame>
  );
}

export default memo(SnapshotGroupNode);
