'use client';

import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ACTION_BODIES, type ActionBody, type ActionName, type ActionResult } from '@/lib/api/actions';
import { ApiRequestError, postAction } from '@/lib/api/client';
import { useActingAccount } from '@/components/accounts/acting-account';

export interface ActionDialogProps<A extends ActionName> {
  action: A;
  title: string;
  /** The request as the form stands, without dryRun and idempotencyKey. */
  body: Omit<ActionBody<A>, 'dryRun' | 'idempotencyKey'>;
  /** What will be created, changed or deleted, in words. */
  summary: ReactNode;
  submitLabel: string;
  /** Destructive actions ask for this text to be typed before they can run. */
  confirmText?: string;
  children?: ReactNode;
  onDone: (result: ActionResult) => void;
  onClose: () => void;
}

type Check =
  { state: 'idle' } | { state: 'checking' } | { state: 'allowed' } | { state: 'denied'; code: string; message: string };

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiRequestError) return { code: error.code, message: error.message };
  return { code: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * A modal for one action: fields, a sentence saying what will happen, "Check permissions" (a dry run) and the
 * action itself. The idempotency key is made when the dialog opens, so a retry or a double click never runs the
 * action twice.
 */
export function ActionDialog<A extends ActionName>(props: ActionDialogProps<A>) {
  const { action, title, body, summary, submitLabel, confirmText, children, onDone, onClose } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const account = useActingAccount();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const confirmId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const parsed = ACTION_BODIES[action].safeParse(body);
  const problem = parsed.success ? null : parsed.error.issues[0];
  const confirmed = !confirmText || typed.trim() === confirmText;
  const canSubmit = parsed.success && confirmed && !submitting;
  const bodyKey = JSON.stringify(body);

  useEffect(() => setCheck({ state: 'idle' }), [bodyKey]);

  async function checkPermissions() {
    setCheck({ state: 'checking' });
    try {
      await postAction(action, { ...body, ...account, dryRun: true } as ActionBody<A>);
      setCheck({ state: 'allowed' });
    } catch (e) {
      setCheck({ state: 'denied', ...describeError(e) });
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit) return;
    setSubmitting(true);
    setError(null);
    try {
      const result = await postAction(action, { ...body, ...account, idempotencyKey } as ActionBody<A>);
      onDone(result);
      ref.current?.close();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[520px] max-w-[calc(100vw-2rem)] rounded-xl border border-neutral-200 bg-white p-0 text-neutral-900 shadow-2xl backdrop:bg-neutral-950/40 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <form onSubmit={submit} className="space-y-4 p-5" noValidate>
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children ? <div className="space-y-3">{children}</div> : null}
        <div
          className="rounded-md bg-neutral-50 px-3 py-2 text-sm leading-relaxed text-neutral-700 dark:bg-neutral-950 dark:text-neutral-300"
          data-testid="action-summary"
        >
          {summary}
        </div>
        {problem ? (
          <p className="text-sm text-amber-700 dark:text-amber-300" data-testid="action-invalid">
            {fieldLabel(problem.path)} {problem.message}
          </p>
        ) : null}
        {confirmText ? (
          <div className="space-y-1">
            <label htmlFor={confirmId} className="block text-sm">
              Type <strong className="font-mono">{confirmText}</strong> to confirm
            </label>
            <input
              id={confirmId}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              className={INPUT}
            />
          </div>
        ) : null}
        {check.state === 'allowed' ? (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
            Allowed: EC2 says this request would succeed.
          </p>
        ) : null}
        {check.state === 'denied' ? (
          <p role="status" className="text-sm text-red-700 dark:text-red-300">
            Not allowed: <code className="font-mono text-xs">{check.code}</code> — {check.message}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="action-error">
            <code className="font-mono text-xs">{error.code}</code> — {error.message}
          </p>
        ) : null}
        <div className="flex items-center gap-2 pt-1">
          <button
            type="button"
            onClick={() => void checkPermissions()}
            disabled={!parsed.success || check.state === 'checking'}
            className="rounded-md border border-neutral-200 px-3 py-1.5 text-sm hover:bg-neutral-50 disabled:opacity-50 dark:border-neutral-700 dark:hover:bg-neutral-800"
          >
            {check.state === 'checking' ? 'Checking…' : 'Check permissions'}
          </button>
          <div className="ml-auto flex gap-2">
            <button
              type="button"
              onClick={() => ref.current?.close()}
              className="rounded-md px-3 py-1.5 text-sm hover:bg-neutral-100 dark:hover:bg-neutral-800"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={!canSubmit}
              className={`rounded-md px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 ${
                confirmText
                  ? 'bg-red-600 hover:bg-red-700'
                  : 'bg-neutral-900 hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300'
              }`}
            >
              {submitting ? 'Working…' : submitLabel}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  instanceType: 'Instance type',
  count: 'Count',
  sizeGiB: 'Size',
  availabilityZone: 'Availability zone',
  destinationRegion: 'Destination region',
  deviceName: 'Device',
};

function fieldLabel(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return typeof last === 'string' ? (FIELD_LABELS[last] ?? last) : '';
}

export const INPUT =
  'h-8 w-full rounded-md border border-neutral-200 bg-white px-2 text-sm outline-none focus:border-neutral-400 focus:ring-2 focus:ring-neutral-200 dark:border-neutral-700 dark:bg-neutral-950 dark:focus:ring-neutral-800';

export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children(id)}
      {hint ? <p className="text-xs text-neutral-500">{hint}</p> : null}
    </div>
  );
}
