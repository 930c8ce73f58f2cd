'use client';

import { type ReactNode, createContext, useContext } from 'react';
import { useAccounts } from './accounts';

/** The account an action dialog acts in: the selected resource's, when several accounts are read. */
const ActingAccountContext = createContext<string | null>(null);

export function ActingAccount({ accountId, children }: { accountId: string | null; children: ReactNode }) {
  const { several } = useAccounts();
  return <ActingAccountContext value={several ? accountId : null}>{children}</ActingAccountContext>;
}

/** What an action's body adds to name its account: nothing with one account. */
export function useActingAccount(): { accountId?: string } {
  const accountId = useContext(ActingAccountContext);
  return accountId === null ? {} : { accountId };
}
