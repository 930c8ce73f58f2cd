'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { LineageGraph } from '@/lib/lineage';
import { type DisplayRequest, type DisplayResult, prepareDisplay } from '@/lib/lineage/display';

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

/**
 * What goes to the worker and back, as JSON text: copying one string between threads and parsing it costs far less
 * than cloning the thousands of small objects of a graph and its drawing.
 */
const messageOf = (id: number, request: DisplayRequest) => JSON.stringify({ id, request });

/**
 * Collapses and lays out the graph off the main thread, one layout at a time: what arrives meanwhile waits, and only
 * the newest of it is laid out next. Every finished layout is shown, so answers that come faster than layouts
 * (polling while sharing is read) never keep the canvas from appearing. On the main thread if no worker can start.
 */
export function useDisplay(graph: LineageGraph | undefined, expanded: readonly string[]): Prepared {
  const [fromWorker, setFromWorker] = useState<Prepared>({});
  const [workerFailed, setWorkerFailed] = useState(() => typeof Worker === 'undefined');
  const worker = useRef<Worker | null>(null);
  const sent = useRef(0);
  const busy = useRef(false);
  const waiting = useRef<DisplayRequest | null>(null);

  useEffect(() => {
    if (workerFailed) return;
    let started: Worker;
    try {
      started = new Worker(new URL('./layout.worker.ts', import.meta.url));
    } catch {
      queueMicrotask(() => setWorkerFailed(true));
      return;
    }
    started.onmessage = (event: MessageEvent<string>) => {
      const reply = JSON.parse(event.data) as Reply;
      setFromWorker(reply.error ? { error: reply.error } : { display: reply.display });
      const next = waiting.current;
      waiting.current = null;
      busy.current = next !== null;
      if (next) started.postMessage(messageOf(++sent.current, next));
    };
    started.onerror = () => setWorkerFailed(true);
    worker.current = started;
    return () => {
      started.terminate();
      worker.current = null;
      // What it was laying out is asked again of the next worker.
      busy.current = false;
      waiting.current = null;
    };
  }, [workerFailed]);

  useEffect(() => {
    if (!graph || workerFailed || !worker.current) return;
    const request = { graph, expanded: [...expanded] };
    if (busy.current) waiting.current = request;
    else {
      busy.current = true;
      worker.current.postMessage(messageOf(++sent.current, request));
    }
  }, [graph, expanded, workerFailed]);

  const here = useMemo(
    () => (workerFailed && graph ? prepareHere(graph, expanded) : undefined),
    [workerFailed, graph, expanded],
  );
  return here ?? fromWorker;
}
