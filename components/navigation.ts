/** Arrow keys walk the lineage: → to what was made from a resource, ← to what it came from, ↑/↓ among siblings. */
import type { EdgeKind } from '@/lib/lineage';
import type { GraphIndex } from '@/lib/lineage/queries';

/** Which parent is "where it came from" first, when a resource has several. */
const ORIGIN_RANK: Record<EdgeKind, number> = {
  'created-image': 0,
  copied: 1,
  launched: 2,
  'snapshot-of': 3,
  restored: 4,
  attached: 5,
  backs: 6,
};

/** The last step taken to a child, so that ↑/↓ keep to the siblings it was reached through. */
export interface CameFrom {
  parent: string;
  child: string;
}

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
export const isArrowKey = (key: string): key is ArrowKey =>
  key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';

/**
 * The resource an arrow key moves to from `selected`, and the step to remember; none at the end of the lineage.
 * `y` is where a resource is drawn: children and siblings are taken top to bottom.
 */
export function arrowTarget(
  index: GraphIndex,
  selected: string,
  key: ArrowKey,
  y: (id: string) => number,
  cameFrom: CameFrom | null,
): { next: string; cameFrom: CameFrom | null } | null {
  const byY = (ids: string[]) => [...new Set(ids)].sort((a, b) => y(a) - y(b));
  const incoming = [...(index.incoming.get(selected) ?? [])].sort(
    (a, b) => ORIGIN_RANK[a.kind] - ORIGIN_RANK[b.kind] || y(a.source) - y(b.source),
  );
  const parents = [...new Set(incoming.map((e) => e.source))];
  switch (key) {
    case 'ArrowRight': {
      const child = byY((index.outgoing.get(selected) ?? []).map((e) => e.target))[0];
      return child ? { next: child, cameFrom: { parent: selected, child } } : null;
    }
    case 'ArrowLeft':
      return parents[0] ? { next: parents[0], cameFrom } : null;
    case 'ArrowUp':
    case 'ArrowDown': {
      // Up and down stay among the children of the resource we came from, when we came from one.
      const parent = cameFrom?.child === selected && parents.includes(cameFrom.parent) ? cameFrom.parent : parents[0];
      if (!parent) return null;
      const siblings = byY((index.outgoing.get(parent) ?? []).map((e) => e.target));
      const next = siblings[siblings.indexOf(selected) + (key === 'ArrowDown' ? 1 : -1)];
      return next ? { next, cameFrom: { parent, child: next } } : null;
    }
  }
}
