import type { HistoryEvent } from '@/lib/api/history';
import type { TrailStatus } from '@/lib/api/store-status';
import { type Attribution, type LineageNode, callerName } from '@/lib/lineage';
import { unreachable } from '@/lib/lineage/never';

/** Words for history: a resource's events, who made it, and times. */

/** `21 Nov 2026, 14:05 UTC`. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return 'an unknown time';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}

/** `21 Nov` this year, `21 Nov 2025` before. */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  const sameYear = d.getUTCFullYear() === new Date().getUTCFullYear();
  return d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  });
}

/** A caller as the panel names it: `…/ci-pipeline`, the whole ARN on hover. */
export const shortCaller = (arn: string) => (callerName(arn) === arn ? arn : `…/${callerName(arn)}`);

/** "created by …/ci-pipeline on 21 Nov via CreateImage". */
export const byLine = (verb: string, a: Attribution) =>
  `${verb} by ${shortCaller(a.arn)} on ${formatDay(a.at)} via ${a.eventName}`;

/** Why a resource has no "created by" line. */
export function missingCreator(node: LineageNode, trail: TrailStatus | undefined): string {
  if (!trail) return 'Who created it: reading CloudTrail…';
  switch (trail.state) {
    case 'reading':
      return 'Who created it: reading CloudTrail…';
    case 'ok':
      return node.createdAt && Date.now() - Date.parse(node.createdAt) > 90 * 86_400_000
        ? 'Who created it is not known: CloudTrail keeps 90 days of events.'
        : 'Who created it is not known: CloudTrail has no event that made it.';
    case 'denied':
    case 'error':
    case 'off':
      return `Who created it is not known. ${trail.message ?? ''}`.trim();
    default:
      return unreachable(trail.state, 'CloudTrail state');
  }
}

const list = (o: Record<string, unknown>) =>
  Object.keys(o)
    .map((k) => `“${k}”`)
    .join(', ');

function tagsSentence(e: Extract<HistoryEvent, { kind: 'tags-changed' }>): string {
  const parts: string[] = [];
  if (Object.keys(e.added).length) parts.push(`added ${list(e.added)}`);
  if (Object.keys(e.changed).length)
    parts.push(
      Object.entries(e.changed)
        .map(([k, v]) => `changed “${k}” from “${v.from}” to “${v.to}”`)
        .join(', '),
    );
  if (Object.keys(e.removed).length) parts.push(`removed ${list(e.removed)}`);
  return `Tags: ${parts.join('; ') || 'changed'}.`;
}

const ROLE_VERB = { created: 'Made', deleted: 'Removed', modified: 'Changed' } as const;

/** One event as a sentence. */
export function eventSentence(e: HistoryEvent): string {
  switch (e.kind) {
    case 'appeared':
      return `First seen${e.state ? `, ${e.state}` : ''}${e.createdAt ? ` (created ${formatTime(e.createdAt)})` : ''}.`;
    case 'state-changed':
      return `State changed from ${e.from ?? 'unknown'} to ${e.to ?? 'unknown'}.`;
    case 'tags-changed':
      return tagsSentence(e);
    case 'modified':
      return `Changed: ${e.fields.join(', ') || 'its details'}.`;
    case 'disappeared':
      return `No longer listed by EC2${e.lastSeenAt ? `; last seen ${formatTime(e.lastSeenAt)}` : ''}.`;
    case 'trail':
      return `${ROLE_VERB[e.role]} by ${shortCaller(e.arn)} via ${e.eventName}.`;
    default:
      return unreachable(e, 'history event');
  }
}
