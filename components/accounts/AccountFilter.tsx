'use client';

import { CheckList } from '@/components/header/CheckList';
import { useAccounts } from './accounts';

/** The filter menu's accounts (those read): none chosen shows every account, and so does every one chosen. */
export function AccountFilter({
  chosen,
  onChange,
}: {
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  const { several, accounts, look } = useAccounts();
  const all = accounts.flatMap((a) => (!a.failed && a.accountId !== null ? [a.accountId] : []));
  if (!several || all.length < 2) return null;
  return (
    <div data-testid="account-filter">
      <CheckList
        legend="Accounts"
        all={all}
        chosen={chosen}
        onChange={onChange}
        label={(id) => {
          const account = look(id)!;
          return (
            <>
              <span className="inline-block h-2 w-2 rounded-full" style={{ background: account.colour }} />
              <span>{account.label}</span>
              {account.label !== id ? (
                <span className="ml-auto font-mono text-[11px] text-neutral-500">{id}</span>
              ) : null}
            </>
          );
        }}
      />
    </div>
  );
}
