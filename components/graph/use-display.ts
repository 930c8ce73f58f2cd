'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { LineageGraph } from '@/lib/lineage';
import { type DisplayResult, prepareDisplay } from '@/lib/lineage/display';

interface Prepared {
  display?: DisplayResult;
  error?: string;
}
type Reply = Prepared & { id: number };

function prepareHere(graph: LineageGraph, expanded: readonly string[]): Prepared {
  try {
    return { display: prepareDisplay({ graph, expanded: [...expanded] }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Collapses and lays out the graph off the main thread (the last request wins); on it if no worker can start. */
export function useDisplay(graph: LineageGraph | undefined, expanded: readonly string[]): Prepared {
  const [fromWorker, setFromWorker] = useState<Prepared>({});
  const [workerFailed, setWorkerFailed] = useState(() => typeof Worker === 'undefined');
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    if (workerFailed) return;
    let started: Worker;
    try {
      started = new Worker(new URL('./layout.worker.ts', import.meta.url));
    } catch {
      queueMicrotask(() => setWorkerFailed(true));
      return;
    }
    started.onmessage = (event: MessageEvent<Reply>) => {
      if (event.data.id !== latest.current) return;
      setFromWorker(event.data.error ? { error: event.data.error } : { display: event.data.display });
    };
    started.onerror = () => setWorkerFailed(true);
    worker.current = started;
    return () => {
      started.terminate();
      worker.current = null;
    };
  }, [workerFailed]);

  useEffect(() => {
    if (!graph || workerFailed || !worker.current) return;
    const id = ++latest.current;
    worker.current.postMessage({ id, request: { graph, expanded: [...expanded] } });
  }, [graph, expanded, workerFailed]);

  const here = useMemo(
    () => (workerFailed && graph ? prepareHere(graph, expanded) : undefined),
    [workerFailed, graph, expanded],
  );
  return here ?? fromWorker;
}
