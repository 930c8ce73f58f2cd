import { historyStarted } from '@/lib/server/history';

export const dynamic = 'force-dynamic';

/** Ready once the server has started, the history store included (a new one takes seconds to create). */
export async function GET(): Promise<Response> {
  await historyStarted(60_000);
  return Response.json({ status: 'ok' });
}
