'use client';

import { useAccounts } from './accounts';

/** The edge card's line for an edge from one account to another: "tooling → prod". */
export function CrossingNote({ accounts: [from, to] }: { accounts: [string, string] }) {
  const { look } = useAccounts();
  return (
    <div data-testid="edge-accounts" className="mt-0.5 text-neutral-600 dark:text-neutral-300">
      across accounts: {look(from)?.label ?? from} → {look(to)?.label ?? to}
    </div>
  );
}
