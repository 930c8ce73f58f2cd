'use client';

import { Background, Position, type EdgeMouseHandler, type NodeMouseHandler, ReactFlow, useStore } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { CrossingNote } from '@/components/accounts/CrossingNote';
import type { DisplayNode } from '@/lib/lineage/collapse';
import type { DisplayResult } from '@/lib/lineage/display';
import { isFleetId } from '@/lib/lineage/fleets';
import { resourceIdOf } from '@/lib/lineage/ghosts';
import { formatDate } from '@/lib/lineage/story';
import { EDGE_STYLE, KIND_STYLE } from './kinds';
import { CanvasRail } from './CanvasRail';
import ResourceNode from './nodes/ResourceNode';
import SnapshotGroupNode from './nodes/SnapshotGroupNode';
import FleetNode from './nodes/FleetNode';
import LineageEdgeView from './LineageEdge';
import { CARD } from '@/lib/lineage/card';
import { boundsOf, cardAt } from '@/lib/lineage/viewport';
import type { FocusRequest } from '@/components/use-selection';
import { DetailContext, EmphasisContext, EmphasisStore, detailAt } from './emphasis';
import { useCentreOn, useFirstView, useKeepInView } from './use-view';
import type { LineageFlowEdge, LineageFlowNode } from './types';

const nodeTypes = {
  instance: ResourceNode,
  volume: ResourceNode,
  snapshot: ResourceNode,
  image: ResourceNode,
  'snapshot-group': SnapshotGroupNode,
  fleet: FleetNode,
};
const edgeTypes = { lineage: LineageEdgeView };

/** Above this many nodes only what is on screen is rendered. */
const VISIBLE_ONLY_FROM = 200;
/** Above this many nodes zooming out stops where about a thousand cards would be on screen: the minimap gives the overview. */
const LARGE_GRAPH = 1500;

/** Where edges meet a card, given up front so React Flow need not measure every node. */
const HANDLES = [
  { type: 'target' as const, position: Position.Left, x: 0, y: CARD.height / 2 - 4, width: 1, height: 8 },
  { type: 'source' as const, position: Position.Right, x: CARD.width - 1, y: CARD.height / 2 - 4, width: 1, height: 8 },
];

interface Props {
  display: DisplayResult;
  selectedId: string | null;
  /** The selected node with its ancestors and descendants; null when nothing is selected. */
  related: ReadonlySet<string> | null;
  onSelect: (id: string | null) => void;
  /** Expands a fleet (its id). */
  onExpand: (id: string) => void;
  /** Resources to mark as findings, when the findings are shown on the canvas. */
  flagged: ReadonlySet<string> | null;
  /** A request to bring a resource into view; a new token asks again. */
  focus: FocusRequest | null;
}

interface Hover {
  edge: LineageFlowEdge;
  x: number;
  y: number;
}

function ariaLabelOf(n: DisplayNode): string {
  if (n.kind === 'snapshot-group') return `${n.count} snapshots of ${n.volumeId}`;
  if (n.kind === 'fleet') return `Fleet of ${n.count} instances from ${n.imageId}, press Enter to expand`;
  return `${KIND_STYLE[n.kind].label} ${n.name ?? n.id}`;
}

/**
 * React Flow's nodes for what is displayed, made once per layout (and findings marks): the selection reaches the
 * cards through the emphasis store, so selecting never makes new node objects.
 */
function useFlowNodes(display: DisplayResult, flagged: ReadonlySet<string> | null): LineageFlowNode[] {
  return useMemo<LineageFlowNode[]>(() => {
    const multiRegion = new Set(display.multiRegion);
    return display.graph.nodes.map((n) => {
      const realId = resourceIdOf(display.aliases, n.id);
      const base = {
        id: n.id,
        position: display.positions[n.id] ?? { x: 0, y: 0 },
        width: CARD.width,
        height: CARD.height,
        handles: HANDLES,
        draggable: false,
        ariaLabel: ariaLabelOf(n),
      };
      const showRegion = multiRegion.has(n.id);
      if (n.kind === 'snapshot-group') return { ...base, type: 'snapshot-group', data: { group: n, showRegion } };
      if (n.kind === 'fleet') return { ...base, type: 'fleet', data: { fleet: n, showRegion } };
      const resource = realId === n.id ? n : { ...n, id: realId };
      const data = { resource, showRegion, flagged: flagged?.has(realId) ?? false };
      return { ...base, type: n.kind, data } as LineageFlowNode;
    });
  }, [display, flagged]);
}

/** React Flow's edges, made once per layout: what crosses accounts says so; dimming comes from the emphasis store. */
function useFlowEdges(display: DisplayResult): LineageFlowEdge[] {
  return useMemo<LineageFlowEdge[]>(() => {
    const accountOf = accountsById(display.graph.nodes);
    return display.graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'lineage',
      data: {
        kind: e.kind,
        evidence: e.evidence,
        label: e.label,
        at: e.at,
        accounts: crossing(accountOf.get(e.source), accountOf.get(e.target)),
        lanes: display.lanes[e.id],
      },
    }));
  }, [display]);
}

/**
 * The selected card marked for React Flow (its `selected` class, keyboard focus): a new object for that card alone,
 * every other node object kept, so React Flow re-reads only what changed.
 */
function useSelectedNode(nodes: LineageFlowNode[], display: DisplayResult, selectedId: string | null) {
  return useMemo(() => {
    if (selectedId === null) return nodes;
    return nodes.map((n) => (resourceIdOf(display.aliases, n.id) === selectedId ? { ...n, selected: true } : n));
  }, [nodes, display, selectedId]);
}

/** The emphasis store of this canvas, told the selection whenever it changes. */
function useEmphasisStore(display: DisplayResult, selectedId: string | null, related: ReadonlySet<string> | null) {
  const [store] = useState(() => new EmphasisStore());
  useEffect(() => {
    const real = (id: string) => resourceIdOf(display.aliases, id);
    store.set({
      isSelected: (id) => selectedId !== null && real(id) === selectedId,
      isRelated: related ? (id) => related.has(real(id)) : null,
    });
  }, [store, display, selectedId, related]);
  return store;
}

/**
 * While the view moves, cards drop what is costly to paint (shadows, transitions) and are not hit-tested: a class on
 * the canvas, set without rendering anything. Set once the view has moved, not when a press begins: a click on a card
 * starts a gesture too, and must still reach the card.
 */
const movingClass = (container: RefObject<HTMLDivElement | null>, moving: boolean) =>
  container.current?.classList.toggle('is-moving', moving);

/** The pane's size, read from React Flow's store (it changes when the window or the panels do, not on a pan). */
const paneSize = (s: { width: number; height: number }) => `${s.width}x${s.height}`;

/**
 * How far out the view may zoom: a large drawing stops where about a thousand cards would be on screen, unless the
 * whole drawing needs further to fit (fitting always shows all of it).
 */
function useMinZoom(display: DisplayResult, count: number): number {
  const pane = useStore(paneSize);
  return useMemo(() => {
    if (count <= LARGE_GRAPH) return 0.03;
    const [width, height] = pane.split('x').map(Number) as [number, number];
    const box = boundsOf(Object.values(display.positions).map(cardAt));
    if (!box || width === 0 || height === 0) return 0.03;
    return Math.min(0.15, 0.85 * Math.min(width / box.width, height / box.height));
  }, [display, count, pane]);
}

/** How much cards show at the view's zoom: one subscription for the canvas, not one a card. */
const detailSelector = (s: { transform: [number, number, number] }) => detailAt(s.transform[2]);

export function LineageCanvas({ display, selectedId, related, onSelect, onExpand, focus, flagged }: Props) {
  const [hover, setHover] = useState<Hover | null>(null);
  const nodes = useSelectedNode(useFlowNodes(display, flagged), display, selectedId);
  const edges = useFlowEdges(display);
  const emphasis = useEmphasisStore(display, selectedId, related);
  const detail = useStore(detailSelector);
  const minZoom = useMinZoom(display, nodes.length);
  const container = useRef<HTMLDivElement>(null);
  useFirstView(display, selectedId, container);
  // React Flow moves its viewport only once it has started (a deep link asks before that).
  const [ready, setReady] = useState(false);
  useCentreOn(display, focus, ready, container);
  useKeepInView(display, selectedId, ready, container, focus?.id === selectedId);

  // A fleet opens where it is; anything else is selected.
  const pick = (id: string) => (isFleetId(id) ? onExpand(id) : onSelect(resourceIdOf(display.aliases, id)));
  const onNodeClick: NodeMouseHandler<LineageFlowNode> = (_, node) => pick(node.id);
  const onEdgeEnter: EdgeMouseHandler<LineageFlowEdge> = (event, edge) =>
    setHover({ edge, x: event.clientX, y: event.clientY });
  const onEdgeLeave = () => setHover(null);

  return (
    <EmphasisContext.Provider value={emphasis}>
      <DetailContext.Provider value={detail}>
        <div className="flex h-full w-full">
          <div
            ref={container}
            className="lineage-canvas relative h-full min-w-0 flex-1"
            data-testid="canvas"
            data-layout-ms={Math.round(display.layoutMs)}
          >
            <ReactFlow<LineageFlowNode, LineageFlowEdge>
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              onInit={() => setReady(true)}
              onNodeClick={onNodeClick}
              onNodesChange={(changes) => {
                // Keyboard selection (Tab to a node, then Enter) arrives as a select change.
                const picked = changes.find((c) => c.type === 'select' && c.selected);
                if (picked && 'id' in picked) pick(picked.id);
              }}
              onPaneClick={() => onSelect(null)}
              onMove={() => movingClass(container, true)}
              onMoveEnd={() => movingClass(container, false)}
              onEdgeMouseEnter={onEdgeEnter}
              onEdgeMouseMove={onEdgeEnter}
              onEdgeMouseLeave={onEdgeLeave}
              onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_FROM}
              nodesDraggable={false}
              nodesConnectable={false}
              // Cards are reached with Tab, edges only by pointer (their evidence is in the details panel too).
              edgesFocusable={false}
              elementsSelectable
              colorMode="system"
              minZoom={minZoom}
              maxZoom={2}
              attributionPosition="top-right"
            >
              {/* Zoomed out to boxes, the dots would be a few pixels apart: noise that costs a repaint per frame. */}
              {detail === 'box' ? null : <Background gap={24} size={1} />}
            </ReactFlow>
            {hover?.edge.data && <EdgeCard hover={hover} />}
          </div>
          <CanvasRail display={display} />
        </div>
      </DetailContext.Provider>
    </EmphasisContext.Provider>
  );
}

/** The account of each drawn node that has one. */
function accountsById(nodes: readonly DisplayNode[]): Map<string, string | null> {
  return new Map(nodes.map((n) => [n.id, 'accountId' in n ? n.accountId : null]));
}

/** Both accounts when an edge crosses from one to another. */
const crossing = (from: string | null | undefined, to: string | null | undefined): [string, string] | undefined =>
  from && to && from !== to ? [from, to] : undefined;

function EdgeCard({ hover }: { hover: Hover }) {
  const data = hover.edge.data!;
  const style = EDGE_STYLE[data.kind];
  const date = formatDate(data.at);
  const title =
    data.kind === 'attached' && data.label
      ? `attached as ${data.label}`
      : data.kind === 'copied' && data.label
        ? `copied to ${data.label}`
        : data.kind === 'backs' && data.label
          ? `backs AMI as ${data.label}`
          : style.label;
  return (
    <div
      role="tooltip"
      data-testid="edge-card"
      className="pointer-events-none fixed z-50 max-w-sm rounded-md border border-neutral-200 bg-white px-3 py-2 text-xs shadow-lg dark:border-neutral-700 dark:bg-neutral-900"
      style={{ left: hover.x + 14, top: hover.y + 14 }}
    >
      <div className="font-medium" style={{ color: style.color }}>
        {title}
        {date ? <span className="ml-1 font-normal text-neutral-500">· {date}</span> : null}
      </div>
      {data.accounts ? <CrossingNote accounts={data.accounts} /> : null}
      <div className="mt-1 font-mono text-[11px] break-words text-neutral-600 dark:text-neutral-400">
        {data.evidence}
      </div>
    </div>
  );
}
