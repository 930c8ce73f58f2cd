'use client';

import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { KIND_ICONS } from '@/components/ui/icons';
import { useCardEmphasis } from '../emphasis';
import { KIND_STYLE } from '../kinds';
import type { FleetFlowNode } from '../types';
import { CardBody, CardFrame } from './ResourceCard';

/** Many instances from one AMI and launch pattern, with their own volumes, as one stacked card; a click expands it. */
function FleetNode({ id, data }: NodeProps<FleetFlowNode>) {
  const { fleet } = data;
  const { emphasis, selected } = useCardEmphasis(id);
  const accent = KIND_STYLE.instance.accent;
  const Icon = KIND_ICONS.instance;
  const states = fleet.states.map((s) => `${s.count} ${s.state}`).join(' · ');
  return (
    <CardFrame accent={accent} emphasis={emphasis} selected={selected} stacked>
      <CardBody
        icon={<Icon width={16} height={16} className="mt-0.5 shrink-0" style={{ color: accent }} />}
        title={`Fleet of ${fleet.count} instances`}
        line={fleet.types.includes(fleet.pattern) ? fleet.pattern : `${fleet.pattern} · ${fleet.types.join(', ')}`}
      >
        <span className="min-w-0 truncate" title={`${states}; ${fleet.volumeIds.length} volumes of their own`}>
          {states}
        </span>
        {data.showRegion || fleet.regions.length > 1 ? (
          <span className="shrink-0 font-medium text-sky-700 dark:text-sky-300">{fleet.regions.join(', ')}</span>
        ) : null}
      </CardBody>
    </CardFrame>
  );
}

export default memo(FleetNode);
