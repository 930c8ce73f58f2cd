/**
 * Why a node is external (drawn as a ghost): a typed reason set by the builder, and the one place that says it in
 * words and decides whether it means the resource is gone.
 */
import { unreachable } from './never';
import type { LineageNode, NodeKind } from './types';

export const EXTERNAL_REASONS = [
  /** An image another account made public, fetched because an instance was launched from it. */
  'public-image',
  /** An image another account shared with this one. */
  'shared-image',
  /** Referenced, but not in what was listed. */
  'not-listed',
  /** Looked up by id and not found. */
  'not-found',
  /** The source of a copy, not in what was listed. */
  'source-not-listed',
  /** Referenced by what was made from it, so it existed: deleted since. */
  'deleted',
  /** The instance an image was made from: terminated and no longer listed. */
  'terminated',
  /** A deleted snapshot or deregistered AMI that a retention rule keeps in the Recycle Bin: it can be restored. */
  'recycle-bin',
] as const;
export type ExternalReason = (typeof EXTERNAL_REASONS)[number];

const NOUN: Record<NodeKind, string> = { instance: 'instance', volume: 'volume', snapshot: 'snapshot', image: 'image' };

function ownerOf(node: LineageNode): string {
  if (node.kind !== 'image') return 'another account';
  return node.details.ownerAlias ?? node.details.ownerId ?? 'another account';
}

/** A time to the minute in UTC ("2026-01-02 03:04 UTC"): when a ghost was last listed, when the bin lets go. */
export function utcMinute(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The day of a time in UTC ("2026-01-02"): what a card has room for. */
const utcDay = (iso: string): string => {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toISOString().slice(0, 10);
};

/**
 * The reason in words, e.g. "public AMI, owned by amazon", "volume deleted"; null for a node that is not external.
 * Times to the minute, or to the day (`'day'`) on a card.
 */
export function externalReasonText(node: LineageNode, precision: 'minute' | 'day' = 'minute'): string | null {
  const when = precision === 'day' ? utcDay : utcMinute;
  const reason = node.externalReason;
  if (!node.external || reason === undefined) return null;
  const noun = NOUN[node.kind];
  switch (reason) {
    case 'public-image':
      return `public AMI, owned by ${ownerOf(node)}`;
    case 'shared-image':
      return `shared AMI, owned by ${ownerOf(node)}`;
    case 'not-listed':
      return `${noun} not in inventory`;
    case 'not-found':
      return `${noun} not found`;
    case 'source-not-listed':
      return `source ${noun} not in inventory`;
    case 'deleted':
      return node.lastSeenAt ? `${noun} deleted, last seen ${when(node.lastSeenAt)}` : `${noun} deleted`;
    case 'terminated':
      return `${noun} terminated and gone`;
    case 'recycle-bin':
      return node.recycleBin ? `in the Recycle Bin until ${when(node.recycleBin.exitsAt)}` : 'in the Recycle Bin';
    default:
      return unreachable(reason, 'external reason');
  }
}

/** Whether the reason says the resource no longer exists. */
export function isGoneReason(reason: ExternalReason | undefined): boolean {
  if (reason === undefined) return false;
  switch (reason) {
    case 'deleted':
    case 'terminated':
    case 'recycle-bin':
      return true;
    case 'public-image':
    case 'shared-image':
    case 'not-listed':
    case 'not-found':
    case 'source-not-listed':
      return false;
    default:
      return unreachable(reason, 'external reason');
  }
}
