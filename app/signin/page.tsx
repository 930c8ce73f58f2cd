import { safeReturnPath } from '@/lib/server/access';

export const dynamic = 'force-dynamic';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnPath(typeof params.next === 'string' ? params.next : '/');
  const failed = params.error !== undefined;
  const notice =
    params.signedout !== undefined
      ? 'You are signed out.'
      : params.expired !== undefined
        ? 'Your session has ended. Sign in again to go on.'
        : null;
  return (
    <main className="flex h-full items-center justify-center p-6">
      <form
        method="post"
        action="/api/signin"
        className="w-full max-w-sm space-y-4 rounded-xl border border-neutral-200 bg-white p-6 shadow-sm dark:border-neutral-800 dark:bg-neutral-900"
      >
        <h1 className="text-lg font-semibold">Sign in to Lineage</h1>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">
          This dashboard is protected by an access token: the value of <code>LINEAGE_ACCESS_TOKEN</code> on the server.
        </p>
        {notice && !failed ? (
          <p role="status" className="text-sm text-neutral-700 dark:text-neutral-300">
            {notice}
          </p>
        ) : null}
        <input type="hidden" name="next" value={next} />
        <div className="space-y-1">
          <label htmlFor="token" className="block text-sm font-medium">
            Access token
          </label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            className="h-9 w-full rounded-md border border-neutral-200 bg-white px-2 text-sm outline-none focus:border-neutral-400 focus:ring-2 focus:ring-neutral-200 dark:border-neutral-700 dark:bg-neutral-950"
          />
        </div>
        {failed ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            That token is not right.
          </p>
        ) : null}
        <button
          type="submit"
          className="h-9 w-full rounded-md bg-neutral-900 text-sm font-medium text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900"
        >
          Sign in
        </button>
      </form>
    </main>
  );
}
