'use client';

import {
  Background,
  Position,
  Controls,
  type EdgeMouseHandler,
  type NodeMouseHandler,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { CrossingNote } from '@/components/accounts/CrossingNote';
import type { DisplayNode } from '@/lib/lineage/collapse';
import type { DisplayResult } from '@/lib/lineage/display';
import { resourceIdOf } from '@/lib/lineage/ghosts';
import { formatDate } from '@/lib/lineage/story';
import { EDGE_STYLE, KIND_STYLE } from './kinds';
import { Legend } from './Legend';
import ResourceNode from './nodes/ResourceNode';
import SnapshotGroupNode from './nodes/SnapshotGroupNode';
import LineageEdgeView from './LineageEdge';
import { CARD } from '@/lib/lineage/layout';
import CanvasMinimap from './CanvasMinimap';
import { EmphasisContext, EmphasisStore } from './emphasis';
import type { LineageFlowEdge, LineageFlowNode } from './types';

const nodeTypes = {
  instance: ResourceNode,
  volume: ResourceNode,
  snapshot: ResourceNode,
  image: ResourceNode,
  'snapshot-group': SnapshotGroupNode,
};
const edgeTypes = { lineage: LineageEdgeView };

/** Above this many nodes only what is on screen is rendered. */
const VISIBLE_ONLY_FROM = 200;
/**
 * Above this many nodes the first view shows the biggest family rather than the whole account, and zooming out
 * stops where about a thousand cards would be on screen: the minimap gives the overview.
 */
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
  /** Resources to mark as findings, when the findings are shown on the canvas. */
  flagged: ReadonlySet<string> | null;
  /** A request to bring a resource into view; a new token asks again. */
  focus: { id: string; token: number } | null;
}

interface Hover {
  edge: LineageFlowEdge;
  x: number;
  y: number;
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
        ariaLabel: `${n.kind === 'snapshot-group' ? 'snapshots' : KIND_STYLE[n.kind].label} ${'name' in n && n.name ? n.name : n.id}`,
      };
      if (n.kind === 'snapshot-group') {
        return { ...base, type: 'snapshot-group', data: { group: n, showRegion: multiRegion.has(n.id) } };
      }
      const resource = realId === n.id ? n : { ...n, id: realId };
      const data = { resource, showRegion: multiRegion.has(n.id), flagged: flagged?.has(realId) ?? false };
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
      },
    }));
  }, [display]);
}

/**
 * The selected card marked for React Flow (its `selected` class, keyboard focus): a new object for that card alone,
 * every other node object kept, so React Flow re-reads only what changed.
 */
function useSelectedNode(
  nodes: LineageFlowNode[],
  display: DisplayResult,
  selectedId: string | null,
): LineageFlowNode[] {
  return useMemo(() => {
    if (selectedId === null) return nodes;
    return nodes.map((n) => (resourceIdOf(display.aliases, n.id) === selectedId ? { ...n, selected: true } : n));
  }, [nodes, display, selectedId]);
}

/** The emphasis store of this canvas, told the selection whenever it changes. */
function useEmphasisStore(
  display: DisplayResult,
  selectedId: string | null,
  related: ReadonlySet<string> | null,
): EmphasisStore {
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
 * While the view moves, cards drop what is costly to paint (shadows, transitions): a class on the canvas, set
 * without rendering anything.
 */
const movingClass = (container: RefObject<HTMLDivElement | null>, moving: boolean) =>
  container.current?.classList.toggle('is-moving', moving);

/**
 * The first view: the whole account fitted, or for a large one where its biggest family begins at a readable zoom;
 * none when a deep link is centred on its resource instead.
 */
function useFirstView(display: DisplayResult, selectedId: string | null, container: RefObject<HTMLDivElement | null>) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const fitted = useRef<DisplayResult | null>(null);
  useEffect(() => {
    if (fitted.current !== null) return;
    fitted.current = display;
    if (selectedId && display.positions[selectedId]) return;
    const start = display.start;
    requestAnimationFrame(() => {
      if (display.graph.nodes.length > LARGE_GRAPH && start) {
        const zoom = 0.6;
        const height = container.current?.clientHeight ?? 800;
        void flow.setViewport({ x: 48 - start.x * zoom, y: height / 2 - (start.y + CARD.height / 2) * zoom, zoom });
      } else {
        void flow.fitView({ padding: 0.08, maxZoom: 1.1 });
      }
    });
  }, [display, flow, selectedId, container]);
}

/**
 * Centres on a resource when asked (a search jump, a link, a deep link), once per request, as soon as it is laid
 * out (a snapshot inside a collapsed chain appears after its chain expands).
 */
function useCentreOn(display: DisplayResult, focus: Props['focus'], ready: boolean) {
  const flow = useReactFlow<LineageFlowNode, LineageFlowEdge>();
  const centred = useRef(0);
  useEffect(() => {
    if (!ready || !focus || centred.current === focus.token) return;
    const p = display.positions[focus.id];
    if (!p) return;
    // Wait for the details panel to take its place, so the centre is the centre of what is left. A request counts
    // as done once the view has moved: a render in between asks again.
    const timer = setTimeout(() => {
      centred.current = focus.token;
      void flow.setCenter(p.x + CARD.width / 2, p.y + CARD.height / 2, {
        zoom: Math.max(flow.getZoom(), 0.85),
        duration: 350,
      });
    }, 120);
    return () => clearTimeout(timer);
  }, [focus, display, flow, ready]);
}

export function LineageCanvas({ display, selectedId, related, onSelect, focus, flagged }: Props) {
  const [hover, setHover] = useState<Hover | null>(null);
  const nodes = useSelectedNode(useFlowNodes(display, flagged), display, selectedId);
  const edges = useFlowEdges(display);
  const emphasis = useEmphasisStore(display, selectedId, related);
  const container = useRef<HTMLDivElement>(null);
  useFirstView(display, selectedId, container);
  // React Flow moves its viewport only once it has started (a deep link asks before that).
  const [ready, setReady] = useState(false);
  useCentreOn(display, focus, ready);

  const onNodeClick: NodeMouseHandler<LineageFlowNode> = (_, node) => onSelect(resourceIdOf(display.aliases, node.id));
  const onEdgeEnter: EdgeMouseHandler<LineageFlowEdge> = (event, edge) =>
    setHover({ edge, x: event.clientX, y: event.clientY });
  const onEdgeLeave = () => setHover(null);

  return (
    <EmphasisContext.Provider value={emphasis}>
      <div
        ref={container}
        className="lineage-canvas relative h-full w-full"
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
            if (picked && 'id' in picked) onSelect(resourceIdOf(display.aliases, picked.id));
          }}
          onPaneClick={() => onSelect(null)}
          onMoveStart={() => movingClass(container, true)}
          onMoveEnd={() => movingClass(container, false)}
          onEdgeMouseEnter={onEdgeEnter}
          onEdgeMouseMove={onEdgeEnter}
          onEdgeMouseLeave={onEdgeLeave}
          onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_FROM}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          colorMode="system"
          minZoom={nodes.length > LARGE_GRAPH ? 0.15 : 0.03}
          maxZoom={2}
          attributionPosition="top-right"
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} position="bottom-right" style={{ marginBottom: 170 }} />
          <CanvasMinimap display={display} />
        </ReactFlow>
        <Legend />
        {hover?.edge.data && <EdgeCard hover={hover} />}
      </div>
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
