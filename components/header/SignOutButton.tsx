/** Ends this browser's session on the server and goes back to the sign-in page (a plain form: works without JS). */
export function SignOutButton() {
  return (
    <form method="post" action="/api/signout">
      <button
        type="submit"
        className="ml-1 h-8 rounded-md border border-neutral-200 px-2.5 text-sm text-neutral-700 hover:bg-neutral-50 dark:border-neutral-700 dark:text-neutral-200 dark:hover:bg-neutral-800"
      >
        Sign out
      </button>
    </form>
  );
}
