'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ACTION_BODIES, type ActionBody, type ActionName, type ActionResult } from '@/lib/api/actions';
import { ApiRequestError, actionMutation } from '@/lib/api/client';
import { useActingAccount } from '@/components/accounts/acting-account';
import { INPUT } from './form';

/** The request as a dialog's form stands, without what the dialog adds itself. */
type FormBody<A extends ActionName> = Omit<ActionBody<A>, 'dryRun' | 'idempotencyKey'>;

export interface ActionDialogProps<A extends ActionName> {
  action: A;
  title: string;
  body: FormBody<A>;
  /** What will be created, changed or deleted, in words. */
  summary: ReactNode;
  submitLabel: string;
  /** Why EC2 would refuse the action as the form stands (a fact the form cannot change): nothing can be sent. */
  blocked?: string | null;
  /** Destructive actions ask for this text to be typed before they can run. */
  confirmText?: string;
  children?: ReactNode;
  onDone: (result: ActionResult) => void;
  onClose: () => void;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiRequestError) return { code: error.code, message: error.message };
  return { code: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/** The form's body with a dry run or an idempotency key: the same action, so still its body. */
const withExtra = <A extends ActionName>(
  body: FormBody<A>,
  extra: Pick<ActionBody<A>, 'dryRun' | 'idempotencyKey' | 'accountId'>,
) => ({ ...body, ...extra }) as ActionBody<A>;

/**
 * Opens a `<dialog>` as a modal once it is mounted; the browser moves the focus into it. When it goes, the focus goes
 * back to what opened it (if that is still there and nothing else took the focus).
 */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (opener?.isConnected && (lost || dialog?.contains(document.activeElement))) opener.focus();
    };
  }, []);
  return ref;
}

/**
 * A modal for one action: fields, a sentence saying what will happen, "Check permissions" (a dry run) and the
 * action itself. The idempotency key is made when the dialog opens, so a retry or a double click never runs the
 * action twice.
 */
export function ActionDialog<A extends ActionName>(props: ActionDialogProps<A>) {
  const { action, title, body, summary, submitLabel, confirmText, blocked, children, onDone, onClose } = props;
  const ref = useModal();
  const client = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const account = useActingAccount();
  const [typed, setTyped] = useState('');
  const titleId = useId();
  const check = useMutation(actionMutation(client, action));
  const submit = useMutation(actionMutation(client, action));

  const parsed = ACTION_BODIES[action].safeParse(body);
  const problem = parsed.success ? null : parsed.error.issues[0];
  const confirmed = !confirmText || typed.trim() === confirmText;
  const canSubmit = parsed.success && !blocked && confirmed && !submit.isPending;
  // A check answers for the body it was made with: once the form changes, it no longer says anything.
  const bodyKey = JSON.stringify(body);
  const checked =
    check.variables && JSON.stringify({ ...check.variables, dryRun: undefined, accountId: undefined }) === bodyKey;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit) return;
    submit.mutate(withExtra(body, { ...account, idempotencyKey }), {
      onSuccess: (result) => {
        onDone(result);
        ref.current?.close();
      },
    });
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[520px] max-w-[calc(100vw-2rem)] rounded-xl border border-neutral-200 bg-white p-0 text-neutral-900 shadow-2xl backdrop:bg-neutral-950/40 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100"
    >
      <form onSubmit={onSubmit} className="space-y-4 p-5" noValidate>
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
        {problem || blocked ? (
          <p className="text-sm text-amber-700 dark:text-amber-300" data-testid="action-invalid">
            {problem ? `${fieldLabel(problem.path)} ${problem.message}` : blocked}
          </p>
        ) : null}
        {confirmText ? <ConfirmField text={confirmText} typed={typed} onTyped={setTyped} /> : null}
        {checked ? <CheckAnswer pending={check.isPending} error={check.error} /> : null}
        {submit.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="action-error">
            <code className="font-mono text-xs">{describeError(submit.error).code}</code> —{' '}
            {describeError(submit.error).message}
          </p>
        ) : null}
        <DialogButtons
          checking={check.isPending}
          canCheck={parsed.success && !blocked}
          onCheck={() => check.mutate(withExtra(body, { ...account, dryRun: true }))}
          onCancel={() => ref.current?.close()}
          canSubmit={canSubmit}
          submitLabel={submit.isPending ? 'Working…' : submitLabel}
          danger={!!confirmText}
        />
      </form>
    </dialog>
  );
}

/** "Type NAME to confirm", for what cannot be undone. */
export function ConfirmField({
  text,
  typed,
  onTyped,
  disabled,
}: {
  text: string;
  typed: string;
  onTyped: (typed: string) => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm">
        Type <strong className="font-mono">{text}</strong> to confirm
      </label>
      <input
        id={id}
        value={typed}
        onChange={(e) => onTyped(e.target.value)}
        autoComplete="off"
        disabled={disabled}
        className={INPUT}
      />
    </div>
  );
}

/** What the dry run answered. */
function CheckAnswer({ pending, error }: { pending: boolean; error: Error | null }) {
  if (pending) return null;
  if (error === null) {
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
        Allowed: EC2 says this request would succeed.
      </p>
    );
  }
  const { code, message } = describeError(error);
  return (
    <p role="status" className="text-sm text-red-700 dark:text-red-300">
      Not allowed: <code className="font-mono text-xs">{code}</code> — {message}
    </p>
  );
}

function DialogButtons(props: {
  checking: boolean;
  canCheck: boolean;
  onCheck: () => void;
  onCancel: () => void;
  canSubmit: boolean;
  submitLabel: string;
  danger: boolean;
}) {
  return (
    <div className="flex items-center gap-2 pt-1">
      <button
        type="button"
        onClick={props.onCheck}
        disabled={!props.canCheck || props.checking}
        className="rounded-md border border-neutral-200 px-3 py-1.5 text-sm hover:bg-neutral-50 disabled:opacity-50 dark:border-neutral-700 dark:hover:bg-neutral-800"
      >
        {props.checking ? 'Checking…' : 'Check permissions'}
      </button>
      <div className="ml-auto flex gap-2">
        <button
          type="button"
          onClick={props.onCancel}
          className="rounded-md px-3 py-1.5 text-sm hover:bg-neutral-100 dark:hover:bg-neutral-800"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={!props.canSubmit}
          className={`rounded-md px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 ${
            props.danger
              ? 'bg-red-600 hover:bg-red-700'
              : 'bg-neutral-900 hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300'
          }`}
        >
          {props.submitLabel}
        </button>
      </div>
    </div>
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
  subnetId: 'Subnet',
  securityGroupIds: 'Security groups',
  keyName: 'Key pair',
  iamInstanceProfile: 'Instance profile',
  userData: 'User data',
};

function fieldLabel(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  return typeof last === 'string' ? (FIELD_LABELS[last] ?? last) : '';
}
