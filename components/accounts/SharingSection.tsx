'use client';

import type { ImageNode, SnapshotNode } from '@/lib/lineage';
import { sharingSentence } from '@/lib/lineage/sharing';
import { AccountChip } from './AccountChip';
import { useAccounts } from './accounts';

/**
 * The details panel's word on sharing: who an owned image or snapshot is shared with and, for a shared image, the
 * accounts its usage report names (those not read here marked). While sharing is still being read, it says so.
 */
export function SharingSection({ resource }: { resource: ImageNode | SnapshotNode }) {
  const { readable, look, readingSharing: reading } = useAccounts();
  if (resource.external) return null;
  const sentence = sharingSentence(resource, readable);
  if (sentence === null) {
    return reading ? (
      <p data-testid="sharing" className="text-sm text-neutral-500">
        Reading who it is shared with…
      </p>
    ) : null;
  }
  const usage = resource.kind === 'image' ? resource.details.usage : undefined;
  return (
    <section data-testid="sharing" className="space-y-1.5 text-sm">
      <p>{sentence}</p>
      {usage?.state === 'unavailable' ? <p className="text-xs text-neutral-500">{usage.message}</p> : null}
      {usage?.state === 'available' && usage.accounts.length > 0 ? (
        <ul className="space-y-0.5 text-xs" aria-label="Accounts that use it">
          {usage.accounts.map((a) => (
            <li key={a.accountId} className="flex items-center gap-1.5 whitespace-nowrap">
              <AccountChip accountId={a.accountId} size="panel" />
              {look(a.accountId)?.readable ? null : (
                <span className="rounded bg-amber-50 px-1 text-amber-800 dark:bg-amber-950 dark:text-amber-300">
                  not readable here
                </span>
              )}
              <span className="ml-auto tabular-nums">
                {a.instances} {a.instances === 1 ? 'instance' : 'instances'}
                {a.launchTemplates > 0 ? `, ${a.launchTemplates} launch templates` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
