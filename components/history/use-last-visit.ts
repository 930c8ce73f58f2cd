'use client';

import { useEffect, useState } from 'react';

const KEY = 'lineage.lastVisit';
/** Without a previous visit, "since your last visit" means the last day. */
const FIRST_VISIT_MS = 86_400_000;

/**
 * When this browser last opened Lineage (kept in localStorage), read once as the page opens; this visit is then
 * kept for the next one. Null until read (it is not known on the server).
 */
export function useLastVisit(): string | null {
  const [last, setLast] = useState<string | null>(null);
  useEffect(() => {
    let previous: string | null = null;
    try {
      previous = window.localStorage.getItem(KEY);
      window.localStorage.setItem(KEY, new Date().toISOString());
    } catch {
      // storage refused (private mode): every visit is a first one
    }
    const valid = previous !== null && !Number.isNaN(Date.parse(previous)) && Date.parse(previous) <= Date.now();
    // Read once, after the page has opened: the visit is not known before (nor on the server).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLast(valid ? new Date(previous!).toISOString() : new Date(Date.now() - FIRST_VISIT_MS).toISOString());
  }, []);
  return last;
}
