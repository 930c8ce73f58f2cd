'use client';

import { useQuery } from '@tanstack/react-query';
import { historyQuery } from '@/lib/api/client';
import type { TrailStatus } from '@/lib/api/store-status';
import type { LineageNode } from '@/lib/lineage';
import { useAnswerFacts } from '@/components/use-lineage-data';
import { byLine, eventSentence, formatTime, missingCreator } from '@/components/history/history-text';

/** Who made the resource (CloudTrail), and its timeline as the history store saw it, oldest first. */
export function HistorySection({ resource }: { resource: LineageNode }) {
  // Whether CloudTrail is read is a fact of now, even in a past view.
  const live = useAnswerFacts();
  const trail = live?.trail;
  return (
    <section aria-label="History" className="space-y-2" data-testid="history-section">
      <h3 className="text-xs font-semibold tracking-wide text-neutral-500 uppercase">History</h3>
      <Attribution resource={resource} trail={trail} />
      <Timeline id={resource.id} readAt={live?.fetchedAt} />
    </section>
  );
}

function Attribution({ resource, trail }: { resource: LineageNode; trail: TrailStatus | undefined }) {
  const { createdBy, deletedBy } = resource;
  return (
    <div className="space-y-0.5 text-sm" data-testid="created-by">
      {createdBy ? (
        <p title={`${createdBy.arn}, ${formatTime(createdBy.at)}`}>{capital(byLine('created', createdBy))}</p>
      ) : (
        <p className="text-neutral-500 dark:text-neutral-400">{missingCreator(resource, trail)}</p>
      )}
      {deletedBy ? (
        <p title={`${deletedBy.arn}, ${formatTime(deletedBy.at)}`}>{capital(byLine('deleted', deletedBy))}</p>
      ) : null}
    </div>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Timeline({ id, readAt }: { id: string; readAt: string | undefined }) {
  const query = useQuery(historyQuery(id, readAt));
  if (query.isPending)
    return (
      <p className="text-sm text-neutral-500" aria-busy="true" data-testid="timeline-loading">
        Loading its history…
      </p>
    );
  if (query.isError) {
    const error = query.error;
    return (
      <div role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="timeline-error">
        History could not be read: {error.message}{' '}
        <button type="button" className="underline underline-offset-2" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const events = query.data.events;
  if (events.length === 0)
    return (
      <p className="text-sm text-neutral-500" data-testid="timeline-empty">
        Nothing recorded about it yet: history starts when Lineage first reads it.
      </p>
    );
  return (
    <ol
      className="relative space-y-2 border-l border-neutral-200 pl-4 text-sm dark:border-neutral-700"
      data-testid="timeline"
    >
      {events.map((e, i) => (
        <li key={i} className="relative">
          <span
            aria-hidden
            className={`absolute top-1.5 -left-[21px] h-2 w-2 rounded-full ${
              e.kind === 'disappeared' ? 'bg-neutral-400' : e.kind === 'trail' ? 'bg-sky-500' : 'bg-emerald-500'
            }`}
          />
          <time dateTime={e.at} className="block text-xs text-neutral-500 dark:text-neutral-400">
            {formatTime(e.at)}
          </time>
          <span>{eventSentence(e)}</span>
        </li>
      ))}
    </ol>
  );
}
