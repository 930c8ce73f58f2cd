'use client';

import type { RegionError } from '@/lib/api/lineage';
import { useAccounts } from './accounts';

/** The header's word on accounts: how many were read, and which could not be. Nothing with one account. */
export function AccountsStatus() {
  const { several, accounts, look } = useAccounts();
  if (!several) return null;
  const failed = accounts.filter((a) => a.failed);
  const read = accounts.length - failed.length;
  return (
    <span
      data-testid="accounts-status"
      className="flex items-center gap-1.5 text-xs text-neutral-600 dark:text-neutral-300"
    >
      <span>
        {read} of {accounts.length} accounts read
      </span>
      {failed.length > 0 ? (
        <span className="rounded bg-red-50 px-1.5 text-red-700 dark:bg-red-950 dark:text-red-300">
          not read: {failed.map((a) => look(a.accountId)?.label ?? a.name ?? 'unknown').join(', ')}
        </span>
      ) : null}
    </span>
  );
}

/** Where an error happened, in words: "sandbox (222233334444)", "prod us-east-1", "us-east-1". */
export function useErrorPlace(): (error: RegionError) => string {
  const { several, look } = useAccounts();
  return (error) => {
    const account = error.accountId ? look(error.accountId) : null;
    const who =
      several && account
        ? account.label === account.accountId
          ? account.label
          : `${account.label} (${account.accountId})`
        : null;
    if (error.region === undefined) return who ? `Account ${who}` : 'The account';
    return who ? `${who} ${error.region}` : error.region;
  };
}
