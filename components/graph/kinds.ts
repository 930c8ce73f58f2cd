import type { EdgeKind, NodeKind } from '@/lib/lineage';
import { isTransitional } from '@/lib/lineage/view';

/** One accent per resource kind: instances orange, volumes green, snapshots teal, AMIs violet. */
export const KIND_STYLE: Record<NodeKind, { label: string; plural: string; accent: string }> = {
  instance: { label: 'Instance', plural: 'Instances', accent: '#f97316' },
  volume: { label: 'Volume', plural: 'Volumes', accent: '#22c55e' },
  snapshot: { label: 'Snapshot', plural: 'Snapshots', accent: '#14b8a6' },
  image: { label: 'AMI', plural: 'AMIs', accent: '#8b5cf6' },
};

export interface EdgeStyle {
  label: string;
  color: string;
  width: number;
  dash?: string;
}

export const EDGE_STYLE: Record<EdgeKind, EdgeStyle> = {
  attached: { label: 'attached', color: '#a3a3a3', width: 1.5 },
  'snapshot-of': { label: 'snapshot of', color: '#14b8a6', width: 1.5 },
  backs: { label: 'backs AMI', color: '#8b5cf6', width: 1.5 },
  'created-image': { label: 'CreateImage', color: '#8b5cf6', width: 2.5, dash: '7 4' },
  launched: { label: 'launched', color: '#f97316', width: 1.5 },
  restored: { label: 'restored from snapshot', color: '#22c55e', width: 1.5, dash: '6 4' },
  copied: { label: 'copied', color: '#3b82f6', width: 2, dash: '2 4' },
};

export type StateTone = 'ok' | 'busy' | 'muted' | 'gone' | 'error' | 'unknown';

export function stateTone(state: string | null): StateTone {
  if (isTransitional(state)) return 'busy';
  switch (state) {
    case 'running':
    case 'available':
    case 'completed':
    case 'in-use':
      return 'ok';
    case 'stopped':
    case 'disabled':
      return 'muted';
    case 'terminated':
    case 'deleted':
    case 'deregistered':
      return 'gone';
    case 'error':
    case 'failed':
      return 'error';
    default:
      return 'unknown';
  }
}
