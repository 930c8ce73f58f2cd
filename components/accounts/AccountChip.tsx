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

/** A stripe along the top of a card in its account's colour, so a family's accounts show at a glance. */
export function AccountStripe({ accountId }: { accountId: string | null }) {
  const { several, look } = useAccounts();
  const account = look(accountId);
  if (!several || !account) return null;
  return (
    <div
      data-testid="account-stripe"
      className="pointer-events-none absolute inset-x-0 top-0 h-[3px]"
      style={{ background: account.colour }}
    />
  );
}
