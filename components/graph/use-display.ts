'use client';

import { useEffect, useRef, useState } from 'react';
import type { LineageGraph } from '@/lib/lineage';
import { type DisplayResult, prepareDisplay } from '@/lib/lineage/display';

type Reply = { id: number; result?: DisplayResult; error?: string };

/** Collapses and lays out the graph off the main thread, one layout at a time, the newest graph next. */
export function useDisplay(
  graph: LineageGraph | undefined,
  expanded: readonly string[],
): { display?: DisplayResult; error?: string } {
  const [state, setState] = useState<{ display?: DisplayResult; error?: string }>({});
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);
  // One layout at a time: what arrives meanwhile waits, and only the newest of it is laid out next. Every finished
  // layout is shown, so answers that come faster than layouts (polling) never keep the canvas from appearing.
  const busy = useRef(false);
  const waiting = useRef<{ id: number; request: { graph: LineageGraph; expanded: string[] } } | null>(null);
  const [workerFailed, setWorkerFailed] = useState(false);

  useEffect(() => {
    try {
      worker.current = new Worker(new URL('./layout.worker.ts', import.meta.url));
      worker.current.onmessage = (event: MessageEvent<Reply>) => {
        setState(event.data.error ? { error: event.data.error } : { display: event.data.result });
        const next = waiting.current;
        waiting.current = null;
        busy.current = next !== null;
        if (next) worker.current?.postMessage(next);
      };
      worker.current.onerror = () => {
        worker.current?.terminate();
        worker.current = null;
        setWorkerFailed(true);
      };
    } catch {
      worker.current = null;
    }
    return () => {
      worker.current?.terminate();
      worker.current = null;
      // What it was laying out is asked again of the next worker.
      busy.current = false;
      waiting.current = null;
    };
  }, []);

  useEffect(() => {
    if (!graph) return;
    const id = ++latest.current;
    const request = { graph, expanded: [...expanded] };
    if (worker.current) {
      if (busy.current) waiting.current = { id, request };
      else {
        busy.current = true;
        worker.current.postMessage({ id, request });
      }
      return;
    }
    try {
      setState({ display: prepareDisplay(request) });
    } catch (error) {
      setState({ error: error instanceof Error ? error.message : String(error) });
    }
  }, [graph, expanded, workerFailed]);

  return state;
}
