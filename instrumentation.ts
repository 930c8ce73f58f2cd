/** At server start: open the history store, so the first page does not wait for it (a new store takes seconds). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { historyStore } = await import('./lib/server/history');
  void historyStore();
}
