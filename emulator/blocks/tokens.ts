/**
 * Block tokens: opaque, and the same string for the same data. A block's token is derived from its lineage, the write
 * that wrote it and its index, so an unchanged block has one token in every snapshot of its lineage, and a copy
 * (a new lineage) has tokens of its own.
 */

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const WORDS = 6;
const buffer = Buffer.alloc(WORDS * 4);

/** 32 base64 characters; distinct (lineage, write, index) give distinct tokens. */
export function blockToken(lineage: number, writeId: number, index: number): string {
  const low = writeId >>> 0;
  const high = Math.floor(writeId / 0x1_0000_0000) >>> 0;
  const h = mix(mix(mix(lineage ^ 0x9e3779b9) ^ low) ^ index ^ mix(high + 1));
  buffer.writeUInt32BE(h, 0);
  buffer.writeUInt32BE((lineage ^ mix(h + 1)) >>> 0, 4);
  buffer.writeUInt32BE((low ^ mix(h + 2)) >>> 0, 8);
  buffer.writeUInt32BE((index ^ mix(h + 3)) >>> 0, 12);
  buffer.writeUInt32BE((high ^ mix(h + 4)) >>> 0, 16);
  buffer.writeUInt32BE(mix(h + 5), 20);
  return buffer.toString('base64');
}
