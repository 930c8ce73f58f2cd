/// <reference lib="webworker" />
import { type DisplayRequest, prepareDisplay } from '@/lib/lineage/display';

interface Message {
  id: number;
  request: DisplayRequest;
}

self.onmessage = (event: MessageEvent<Message>) => {
  const { id, request } = event.data;
  try {
    self.postMessage({ id, display: prepareDisplay(request) });
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
