/// <reference lib="webworker" />
import { type DisplayRequest, prepareDisplay } from '@/lib/lineage/display';

interface Message {
  id: number;
  request: DisplayRequest;
}

/** Asked and answered as JSON text (see `useDisplay`). */
self.onmessage = (event: MessageEvent<string>) => {
  const { id, request } = JSON.parse(event.data) as Message;
  try {
    self.postMessage(JSON.stringify({ id, display: prepareDisplay(request) }));
  } catch (error) {
    self.postMessage(JSON.stringify({ id, error: error instanceof Error ? error.message : String(error) }));
  }
};
