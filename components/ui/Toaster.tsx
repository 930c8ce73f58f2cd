'use client';

import { type ReactNode, createContext, useCallback, useContext, useMemo, useState } from 'react';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  title: string;
  detail?: string;
}

type Push = (toast: Omit<Toast, 'id'>) => void;

const ToastContext = createContext<Push>(() => undefined);

export const useToast = () => useContext(ToastContext);

const TONE = {
  success: 'border-emerald-300 dark:border-emerald-800',
  error: 'border-red-300 dark:border-red-800',
  info: 'border-neutral-300 dark:border-neutral-700',
} as const;

/** Short notices in the bottom right; errors stay until dismissed, others fade after a few seconds. */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback<Push>(
    (toast) => {
      const id = Date.now() + Math.random();
      setToasts((list) => [...list.slice(-3), { ...toast, id }]);
      if (toast.tone !== 'error') setTimeout(() => dismiss(id), 6_000);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-96 flex-col gap-2">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === 'error' ? 'alert' : 'status'}
            data-testid="toast"
            className={`pointer-events-auto rounded-lg border bg-white px-4 py-3 text-sm shadow-lg dark:bg-neutral-900 ${TONE[t.tone]}`}
          >
            <div className="flex items-start gap-3">
              <div className="min-w-0 flex-1">
                <div className={`font-medium ${t.tone === 'error' ? 'text-red-700 dark:text-red-300' : ''}`}>
                  {t.title}
                </div>
                {t.detail ? (
                  <div className="mt-0.5 text-neutral-600 break-words dark:text-neutral-400">{t.detail}</div>
                ) : null}
              </div>
              <button
                type="button"
                onClick={() => dismiss(t.id)}
                className="text-neutral-400 hover:text-neutral-700"
                aria-label="Dismiss"
              >
                ×
              </button>
            </div>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
