'use client';

import { useAccounts } from './accounts';

/** The account a resource belongs to, in its account's colour; nothing when one account is read. */
export function AccountChip({ accountId, size = 'card' }: { accountId: string | null; size?: 'card' | 'panel' }) {
  const { several, look } = useAccounts();
  const account = look(accountId);
  if (!several || !account) return null;
  return (
    <span
      data-testid="account-chip"
      title={`Account ${account.accountId}${account.readable ? '' : ' (not read here)'}`}
      className={`inline-flex shrink-0 items-center gap-1 rounded font-medium text-white ${
        size === 'card' ? 'px-1 text-[10px] leading-4' : 'px-1.5 text-xs leading-5'
      }`}
      style={{ background: account.colour }}
    >
      {account.label}
    </span>
  );
}
