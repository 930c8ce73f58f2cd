/**
 * What the page and the layout worker say to each other: JSON text (copying one string between threads and parsing
 * it costs far less than cloning the thousands of small objects of a graph and its drawing), or a warm-up. The
 * drawing comes back with the graph's own nodes and edges named by id, since the page holds them already; only what
 * the display made (collapsed chains, fleets, copies) comes whole.
 */
import type { DisplayRequest, DisplayResult } from '@/lib/lineage/display';

/** Asks the worker to lay out a small known graph, so that its first real layout does not run cold code. */
export const WARM_UP = 'warm-up';

type Drawn = DisplayResult['graph'];
type SentDisplay = Omit<DisplayResult, 'graph'> & {
  graph: { nodes: (string | Drawn['nodes'][number])[]; edges: (string | Drawn['edges'][number])[] };
};

export interface LayoutAsk {
  id: number;
  request: DisplayRequest;
}

export interface LayoutReply {
  id: number;
  display?: SentDisplay;
  error?: string;
}

/** In the worker: the asked graph's nodes and edges that the drawing kept as they were, by id. */
export function packDisplay(display: DisplayResult, request: DisplayRequest): SentDisplay {
  const nodes = new Set<object>(request.graph.nodes);
  const edges = new Set<object>(request.graph.edges);
  return {
    ...display,
    graph: {
      nodes: display.graph.nodes.map((n) => (nodes.has(n) ? n.id : n)),
      edges: display.graph.edges.map((e) => (edges.has(e) ? e.id : e)),
    },
  };
}

/** In the page: the drawing with the asked graph's own nodes and edges put back. */
export function unpackDisplay(sent: SentDisplay, request: DisplayRequest): DisplayResult {
  const nodes = new Map(request.graph.nodes.map((n) => [n.id, n]));
  const edges = new Map(request.graph.edges.map((e) => [e.id, e]));
  const node = (n: SentDisplay['graph']['nodes'][number]) => {
    if (typeof n !== 'string') return n;
    const found = nodes.get(n);
    if (!found) throw new Error(`the layout names a resource it was not given: ${n}`);
    return found;
  };
  const edge = (e: SentDisplay['graph']['edges'][number]) => {
    if (typeof e !== 'string') return e;
    const found = edges.get(e);
    if (!found) throw new Error(`the layout names an edge it was not given: ${e}`);
    return found;
  };
  return { ...sent, graph: { nodes: sent.graph.nodes.map(node), edges: sent.graph.edges.map(edge) } };
}
