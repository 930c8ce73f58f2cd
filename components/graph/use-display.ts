'use client';

import { useEffect, useRef, useState } from 'react';
import type { LineageGraph } from '@/lib/lineage';
import { type DisplayResult, prepareDisplay } from '@/lib/lineage/display';

type Reply = { id: number; result?: DisplayResult; error?: string };

/** Collapses and lays out the graph off the main thread; the last request wins. */
export function useDisplay(
  graph: LineageGraph | undefined,
  expanded: readonly string[],
): { display?: DisplayResult; error?: string } {
  const [state, setState] = useState<{ display?: DisplayResult; error?: string }>({});
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);
  const [workerFailed, setWorkerFailed] = useState(false);

  useEffect(() => {
    try {
      worker.current = new Worker(new URL('./layout.worker.ts', import.meta.url));
      worker.current.onmessage = (event: MessageEvent<Reply>) => {
        if (event.data.id !== latest.current) return;
        setState(event.data.error ? { error: event.data.error } : { display: event.data.result });
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
    };
  }, []);

  useEffect(() => {
    if (!graph) return;
    const id = ++latest.current;
    const request = { graph, expanded: [...expanded] };
    if (worker.current) {
      worker.current.postMessage({ id, request });
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
