'use client';

import { ApiRequestError } from '@/lib/api/client';

export function LoadingState({ label = 'Reading EC2…' }: { label?: string }) {
  return (
    <div className="h-full overflow-hidden p-8" aria-busy="true" aria-live="polite" data-testid="loading">
      <p className="mb-6 text-sm text-neutral-500">{label}</p>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(220px,1fr))] gap-6 opacity-70">
        {Array.from({ length: 18 }, (_, i) => (
          <div
            key={i}
            className="h-16 animate-pulse rounded-lg border border-neutral-200 bg-white dark:border-neutral-800 dark:bg-neutral-900"
            style={{ animationDelay: `${(i % 6) * 120}ms` }}
          />
        ))}
      </div>
    </div>
  );
}

const HINTS: Record<string, string> = {
  NoCredentials:
    'Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the server, log in with `aws sso login`, or try the demo with `npm run demo`.',
  AuthFailure: 'The credentials were rejected: check the access key and secret, or log in again with `aws sso login`.',
  InvalidClientTokenId: 'The access key is not known to AWS: check AWS_ACCESS_KEY_ID or the profile you use.',
  EndpointUnreachable:
    'Check AWS_ENDPOINT_URL_EC2 and that the endpoint is running (the demo starts its own emulator: `npm run demo`).',
  EndpointTimeout:
    'The endpoint took the connection but did not answer in time: check that it is running and not stuck, then try again.',
  UnauthorizedOperation:
    'The credentials work but lack permission for the Describe calls: see the read-only IAM policy in the README.',
  InvalidConfiguration: 'Fix the variable named above and restart the server.',
  Unauthorized: 'Your session has ended or was never started: reload the page to sign in.',
  NotRecorded: 'Choose a later time with the time control, or go back to now.',
};

/** Failures that say something other than "EC2 could not be read", and that trying again will not mend. */
const NOT_A_READ: Record<string, string> = {
  NotRecorded: 'Nothing recorded at that time',
  LayoutFailed: 'Lineage cannot draw this graph',
};

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const code = error instanceof ApiRequestError ? error.code : error.name;
  const title = NOT_A_READ[code];
  return (
    <div className="flex h-full items-center justify-center p-8" data-testid="error-state">
      <div
        role="alert"
        className="max-w-lg space-y-3 rounded-lg border border-red-200 bg-white p-6 shadow-sm dark:border-red-900 dark:bg-neutral-900"
      >
        <h2 className="text-base font-semibold text-red-700 dark:text-red-300">{title ?? 'Lineage cannot read EC2'}</h2>
        <p className="text-sm">{error.message}</p>
        <p className="font-mono text-xs text-neutral-500">{code}</p>
        {HINTS[code] ? <p className="text-sm text-neutral-600 dark:text-neutral-400">{HINTS[code]}</p> : null}
        {onRetry && !title ? (
          <button
            type="button"
            onClick={onRetry}
            className="rounded-md bg-neutral-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900"
          >
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function EmptyState({
  regions,
  filtered,
  onClear,
  onLaunch,
}: {
  regions: readonly string[];
  filtered?: boolean;
  onClear?: () => void;
  onLaunch?: () => void;
}) {
  return (
    <div className="flex h-full items-center justify-center p-8" data-testid="empty-state">
      <div className="max-w-md space-y-2 text-center">
        {filtered ? (
          <>
            <h2 className="text-base font-semibold">Nothing matches these filters</h2>
            <p className="text-sm text-neutral-500">
              <button type="button" onClick={onClear} className="underline underline-offset-2">
                Clear the filters and search
              </button>{' '}
              to see everything again.
            </p>
          </>
        ) : (
          <>
            <h2 className="text-base font-semibold">
              No instances, volumes, snapshots or images in {regions.join(', ') || 'these regions'}.
            </h2>
            <p className="text-sm text-neutral-500">
              Launch something in one of these regions and refresh, choose other regions with{' '}
              <code>LINEAGE_REGIONS</code>, or explore the demo with <code>npm run demo</code>.
            </p>
            {onLaunch ? (
              <button
                type="button"
                onClick={onLaunch}
                className="mt-2 rounded-md bg-neutral-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900"
              >
                Launch an instance
              </button>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
