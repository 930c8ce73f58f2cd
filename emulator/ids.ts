/** EC2-shaped ids: prefix + "-0" + 16 hex digits, derived from a counter so a scenario always yields the same ids. */

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

export function idFromNumber(prefix: string, n: number): string {
  const hi = mix32(n * 2 + 0x9e3779b9);
  const lo = mix32(n * 2 + 1 + 0x85ebca6b);
  return `${prefix}-0${hex8(hi)}${hex8(lo)}`;
}

export function idFromText(prefix: string, text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return idFromNumber(prefix, (h >>> 0) + 0x40000000);
}

const idShapes = {
  instance: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/,
  volume: /^vol-[0-9a-f]{8}([0-9a-f]{9})?$/,
  snapshot: /^snap-[0-9a-f]{8}([0-9a-f]{9})?$/,
  image: /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/,
} as const;

export type IdKind = keyof typeof idShapes;

export const isIdOf = (kind: IdKind, id: string) => idShapes[kind].test(id);

export function kindOfId(id: string): IdKind | undefined {
  return (Object.keys(idShapes) as IdKind[]).find((kind) => idShapes[kind].test(id));
}
