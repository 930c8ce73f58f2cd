/// <reference lib="webworker" />
import { buildLineage } from '@/lib/lineage/build';
import { prepareDisplay } from '@/lib/lineage/display';
import { walkthroughInventory } from '@/lib/lineage/fixtures';
import { type LayoutAsk, type LayoutReply, WARM_UP, packDisplay } from './layout-protocol';

/** Layouts of the walkthrough that bring the layout code from cold to compiled (about a tenth of a second). */
const WARM_RUNS = 30;

function warmUp(): void {
  const graph = buildLineage(walkthroughInventory());
  for (let i = 0; i < WARM_RUNS; i++) prepareDisplay({ graph, expanded: [] });
}

/** Asked and answered as JSON text (see `useDisplay`); a warm-up has no answer. */
self.onmessage = (event: MessageEvent<string>) => {
  if (event.data === WARM_UP) return warmUp();
  const { id, request } = JSON.parse(event.data) as LayoutAsk;
  let reply: LayoutReply;
  try {
    reply = { id, display: packDisplay(prepareDisplay(request), request) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(JSON.stringify(reply));
};
