/**
 * How an edge is drawn, and what its drawing costs: from the right side of its source card, through the lanes the
 * layout gave it (one per rank it passes, as wide as a card column), to the left side of its target, with an S-curve
 * in each gap between columns. The curves stay inside their gap, so an edge between cards of adjacent columns, or
 * along its lanes, never runs under another card. Measured here: edge–card overlaps and crossings (for the layout
 * benchmark and tests). Pure.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The points an edge passes: its source's right middle, each lane's entry and exit, its target's left middle. */
export function routePoints(from: Box, to: Box, lanes: readonly Point[] = []): Point[] {
  return [{ x: from.x + from.width, y: from.y + from.height / 2 }, ...lanes, { x: to.x, y: to.y + to.height / 2 }];
}

/**
 * SVG path through route points: pairs (0,1), (2,3), … are joined by S-curves (horizontal tangents, control points at
 * the middle x), pairs (1,2), (3,4), … are lanes, straight.
 */
export function routePath(points: readonly Point[]): string {
  let d = `M${r(points[0]!.x)},${r(points[0]!.y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (i % 2 === 1) {
      const mx = r((a.x + b.x) / 2);
      d += ` C${mx},${r(a.y)} ${mx},${r(b.y)} ${r(b.x)},${r(b.y)}`;
    } else d += ` L${r(b.x)},${r(b.y)}`;
  }
  return d;
}

const r = (v: number) => Math.round(v * 10) / 10;

/** The route as a polyline, each curve cut into `steps` straight pieces. */
export function routePolyline(points: readonly Point[], steps = 12): Point[] {
  const out: Point[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (i % 2 === 0) {
      out.push(b);
      continue;
    }
    const mx = (a.x + b.x) / 2;
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      const u = 1 - t;
      // cubic Bézier (a, (mx, a.y), (mx, b.y), b)
      const x = u * u * u * a.x + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * b.x;
      const y = u * u * u * a.y + 3 * u * u * t * a.y + 3 * u * t * t * b.y + t * t * t * b.y;
      out.push({ x, y });
    }
  }
  return out;
}

/** Does the segment a–b pass through the inside of the box (touching its border does not count)? */
export function segmentHitsBox(a: Point, b: Point, box: Box, inset = 1): boolean {
  const x0 = box.x + inset;
  const x1 = box.x + box.width - inset;
  const y0 = box.y + inset;
  const y1 = box.y + box.height - inset;
  // Liang–Barsky clipping
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

export interface DrawnEdge {
  source: string;
  target: string;
  polyline: readonly Point[];
}

/** A uniform grid over boxes, for finding what a segment may touch. */
class BoxGrid {
  private readonly cells = new Map<string, number[]>();
  constructor(
    readonly boxes: readonly Box[],
    private readonly cell = 256,
  ) {
    boxes.forEach((b, i) => {
      for (const key of this.keys(b.x, b.y, b.x + b.width, b.y + b.height)) {
        const list = this.cells.get(key);
        if (list) list.push(i);
        else this.cells.set(key, [i]);
      }
    });
  }
  *keys(x0: number, y0: number, x1: number, y1: number): Generator<string> {
    for (let cx = Math.floor(x0 / this.cell); cx <= Math.floor(x1 / this.cell); cx++)
      for (let cy = Math.floor(y0 / this.cell); cy <= Math.floor(y1 / this.cell); cy++) yield `${cx},${cy}`;
  }
  near(a: Point, b: Point): Set<number> {
    const found = new Set<number>();
    for (const key of this.keys(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)))
      for (const i of this.cells.get(key) ?? []) found.add(i);
    return found;
  }
}

/** Edge–card overlaps: pairs (edge, card) where the edge passes under a card that is neither its source nor its target. */
export function countEdgeCardOverlaps(cards: ReadonlyMap<string, Box>, edges: readonly DrawnEdge[]): number {
  const ids = [...cards.keys()];
  const grid = new BoxGrid(ids.map((id) => cards.get(id)!));
  let overlaps = 0;
  for (const edge of edges) {
    const hit = new Set<number>();
    for (let i = 1; i < edge.polyline.length; i++) {
      const a = edge.polyline[i - 1]!;
      const b = edge.polyline[i]!;
      for (const k of grid.near(a, b)) {
        if (hit.has(k)) continue;
        const id = ids[k]!;
        if (id === edge.source || id === edge.target) continue;
        if (segmentHitsBox(a, b, grid.boxes[k]!)) hit.add(k);
      }
    }
    overlaps += hit.size;
  }
  return overlaps;
}

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const cross = (p: Point, q: Point, s: Point) => (q.x - p.x) * (s.y - p.y) - (q.y - p.y) * (s.x - p.x);
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Pairs of edges whose drawings cross (edges that share an end are not counted: they meet, they do not cross). */
export function countEdgeCrossings(edges: readonly DrawnEdge[], cell = 128): number {
  const cells = new Map<string, [number, number][]>();
  edges.forEach((edge, e) => {
    for (let i = 1; i < edge.polyline.length; i++) {
      const a = edge.polyline[i - 1]!;
      const b = edge.polyline[i]!;
      for (let cx = Math.floor(Math.min(a.x, b.x) / cell); cx <= Math.floor(Math.max(a.x, b.x) / cell); cx++)
        for (let cy = Math.floor(Math.min(a.y, b.y) / cell); cy <= Math.floor(Math.max(a.y, b.y) / cell); cy++) {
          const key = `${cx},${cy}`;
          const list = cells.get(key);
          if (list) list.push([e, i]);
          else cells.set(key, [[e, i]]);
        }
    }
  });
  const crossing = new Set<number>();
  const n = edges.length;
  for (const list of cells.values()) {
    for (let p = 0; p < list.length; p++) {
      const [e, i] = list[p]!;
      for (let q = p + 1; q < list.length; q++) {
        const [f, j] = list[q]!;
        if (e === f) continue;
        const key = Math.min(e, f) * n + Math.max(e, f);
        if (crossing.has(key)) continue;
        const E = edges[e]!;
        const F = edges[f]!;
        if (E.source === F.source || E.source === F.target || E.target === F.source || E.target === F.target) continue;
        if (segmentsCross(E.polyline[i - 1]!, E.polyline[i]!, F.polyline[j - 1]!, F.polyline[j]!)) crossing.add(key);
      }
    }
  }
  return crossing.size;
}
