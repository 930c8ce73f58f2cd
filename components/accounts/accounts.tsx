'use client';

import { type ReactNode, createContext, useContext, useMemo } from 'react';
import type { Account } from '@/lib/api/lineage';
import { useAnswerFacts } from '@/components/use-lineage-data';

/**
 * The accounts of the answer, for every component that names one: a colour and a name per account, and whether it
 * was read here. Cards name their account only when several were read.
 */

/** One colour per account, apart from the kinds' accents (orange, green, teal, violet). */
const ACCOUNT_COLOURS = ['#2563eb', '#db2777', '#ca8a04', '#0891b2', '#4f46e5', '#65a30d', '#dc2626', '#475569'];
const UNKNOWN_COLOUR = '#737373';

export interface AccountLook {
  accountId: string;
  /** The organization's name for it, or its id. */
  label: string;
  colour: string;
  /** Read here (its inventory is in the graph). */
  readable: boolean;
}

export interface AccountDirectory {
  /** More than one account was asked for: name the account of every resource. */
  several: boolean;
  accounts: readonly Account[];
  look: (accountId: string | null) => AccountLook | null;
  /** The ids of the accounts read here. */
  readable: ReadonlySet<string>;
  /** Sharing is still being read in the background. */
  readingSharing: boolean;
}

export function accountDirectory(accounts: readonly Account[], readingSharing = false): AccountDirectory {
  const looks = new Map<string, AccountLook>();
  accounts.forEach((a, i) => {
    if (!a.accountId) return;
    looks.set(a.accountId, {
      accountId: a.accountId,
      label: a.name ?? a.accountId,
      colour: ACCOUNT_COLOURS[i % ACCOUNT_COLOURS.length]!,
      readable: !a.failed,
    });
  });
  const readable = new Set([...looks.values()].filter((l) => l.readable).map((l) => l.accountId));
  return {
    several: accounts.length > 1,
    accounts,
    readable,
    readingSharing,
    look: (accountId) =>
      accountId === null
        ? null
        : (looks.get(accountId) ?? { accountId, label: accountId, colour: UNKNOWN_COLOUR, readable: false }),
  };
}

const NO_ACCOUNTS = accountDirectory([]);
const AccountsContext = createContext<AccountDirectory>(NO_ACCOUNTS);

export function AccountsProvider({
  accounts,
  readingSharing,
  children,
}: {
  accounts: readonly Account[];
  readingSharing: boolean;
  children: ReactNode;
}) {
  const key = JSON.stringify(accounts);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the same accounts in a new answer keep the same value
  const directory = useMemo(() => accountDirectory(accounts, readingSharing), [key, readingSharing]);
  return <AccountsContext value={directory}>{children}</AccountsContext>;
}

export const useAccounts = () => useContext(AccountsContext);

/** The accounts of the lineage answer, for everything inside. */
export function LineageAccounts({ children }: { children: ReactNode }) {
  const data = useAnswerFacts();
  return (
    <AccountsProvider accounts={data?.accounts ?? []} readingSharing={(data?.background.sharing ?? 0) > 0}>
      {children}
    </AccountsProvider>
  );
}
