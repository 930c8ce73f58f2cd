/**
 * What GetImageAncestry adds to the graph: the copies an image descends from beyond its direct source, in regions
 * that were not read (a copy of a copy back to the first image). Only copy links are followed (an entry names its
 * source's region only for a copy); an image made from an instance ends the chain here, as the inventory tells it.
 */
import { ghostNode } from './nodes';
import { type LineageEdge, type LineageGraph, type LineageNode, edgeId } from './types';

/** One entry of GetImageAncestry, leaf first. */
export interface AncestryEntry {
  imageId: string;
  sourceImageId: string | null;
  sourceImageRegion: string | null;
  creationDate: string | null;
}

export const ANCESTRY_EVIDENCE = 'GetImageAncestry (SourceImageId + SourceImageRegion)';

/** The graph with the ancestors each chain names (chains start at an image of the graph); the graph is not changed. */
export function withAncestry(graph: LineageGraph, chains: readonly (readonly AncestryEntry[])[]): LineageGraph {
  const nodes = new Map<string, LineageNode>(graph.nodes.map((n) => [n.id, n]));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const added: { nodes: LineageNode[]; edges: LineageEdge[] } = { nodes: [], edges: [] };
  for (const chain of chains) {
    for (let i = 0; i + 1 < chain.length; i++) {
      const child = chain[i]!;
      const parent = chain[i + 1]!;
      const region = child.sourceImageRegion;
      if (child.sourceImageId !== parent.imageId || region === null || !nodes.has(child.imageId)) break;
      if (!nodes.has(parent.imageId)) {
        const ghost = ghostNode('image', parent.imageId, {
          region,
          reason: 'source-not-listed',
          sizeGiB: null,
          accountId: null,
        });
        ghost.createdAt = parent.creationDate;
        nodes.set(ghost.id, ghost);
        added.nodes.push(ghost);
      }
      const id = edgeId('copied', parent.imageId, child.imageId);
      if (edgeIds.has(id)) continue;
      edgeIds.add(id);
      const to = nodes.get(child.imageId)!;
      added.edges.push({
        id,
        source: parent.imageId,
        target: child.imageId,
        kind: 'copied',
        evidence: ANCESTRY_EVIDENCE,
        label: to.region,
        ...(to.createdAt ? { at: to.createdAt } : {}),
      });
    }
  }
  if (added.nodes.length === 0 && added.edges.length === 0) return graph;
  return { nodes: [...graph.nodes, ...added.nodes], edges: [...graph.edges, ...added.edges] };
}

/**
 * The images whose source is a ghost in a region that was not read: GetImageAncestry may know more of their past.
 */
export function ancestryCandidates(graph: LineageGraph, regionsRead: readonly string[]): LineageNode[] {
  const read = new Set(regionsRead);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.nodes.filter((n) => {
    if (n.kind !== 'image' || n.external || n.details.sourceImageId === null) return false;
    const source = byId.get(n.details.sourceImageId);
    return source !== undefined && source.external && !read.has(source.region);
  });
}
