'use client';

import { useAccounts } from './accounts';

/** The filter menu's accounts: none chosen shows every account, and so does every one chosen. */
export function AccountFilter({
  chosen,
  onChange,
}: {
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  const { several, accounts, look } = useAccounts();
  const all = accounts.filter((a) => !a.failed && a.accountId !== null).map((a) => a.accountId!);
  if (!several || all.length < 2) return null;
  const toggle = (id: string) => {
    const shown = chosen.length === 0 ? all : chosen;
    const next = shown.includes(id) ? shown.filter((a) => a !== id) : [...shown, id];
    onChange(next.length === all.length ? [] : next);
  };
  return (
    <fieldset data-testid="account-filter">
      <legend className="mb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">Accounts</legend>
      {all.map((id) => {
        const account = look(id)!;
        return (
          <label key={id} className="flex items-center gap-2 py-0.5">
            <input type="checkbox" checked={chosen.length === 0 || chosen.includes(id)} onChange={() => toggle(id)} />
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: account.colour }} />
            <span>{account.label}</span>
            {account.label !== id ? <span className="ml-auto font-mono text-[11px] text-neutral-500">{id}</span> : null}
          </label>
        );
      })}
    </fieldset>
  );
}
