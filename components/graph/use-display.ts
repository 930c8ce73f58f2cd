'use client';

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LineageGraph } from '@/lib/lineage';
import { type DisplayRequest, type DisplayResult, prepareDisplay } from '@/lib/lineage/display';
import { type LayoutAsk, type LayoutReply, WARM_UP, unpackDisplay } from './layout-protocol';

interface Prepared {
  display?: DisplayResult;
  error?: string;
}

function prepareHere(graph: LineageGraph, expanded: readonly string[]): Prepared {
  try {
    return { display: prepareDisplay({ graph, expanded: [...expanded] }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A layout asked of the worker (see `layout-protocol.ts`). */
function messageOf(id: number, request: DisplayRequest): string {
  const text = JSON.stringify({ id, request } satisfies LayoutAsk);
  // Where the time of drawing a graph goes (read by `npm run bench:ui`).
  performance.mark('lineage:layout-sent');
  return text;
}

/** The worker's answer to what it was asked. */
function answerOf(text: string, request: DisplayRequest | null): Prepared {
  const reply = JSON.parse(text) as LayoutReply;
  performance.mark('lineage:layout-done');
  if (reply.error || !reply.display || !request) return { error: reply.error ?? 'the layout answered nothing' };
  try {
    return { display: unpackDisplay(reply.display, request) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Collapses and lays out the graph off the main thread, one layout at a time: what arrives meanwhile waits, and only
 * the newest of it is laid out next. Every finished layout is shown, so answers that come faster than layouts
 * (polling while sharing is read) never keep the canvas from appearing. On the main thread if no worker can start.
 */
export function useDisplay(
  graph: LineageGraph | undefined,
  expanded: readonly string[],
  /** A graph is likely to come soon (a family to open from the overview): the worker readies its code meanwhile. */
  warm = false,
): Prepared {
  const [fromWorker, setFromWorker] = useState<Prepared>({});
  const [workerFailed, setWorkerFailed] = useState(() => typeof Worker === 'undefined');
  const worker = useRef<Worker | null>(null);
  const sent = useRef(0);
  const busy = useRef(false);
  const waiting = useRef<DisplayRequest | null>(null);
  /** What the worker is laying out: its answer names the graph's nodes and edges by id. */
  const asked = useRef<DisplayRequest | null>(null);
  const ask = (to: Worker, request: DisplayRequest) => {
    asked.current = request;
    to.postMessage(messageOf(++sent.current, request));
  };

  // Before paint (layout effects), so that the worker starts on a graph while the page draws what changed meanwhile.
  useLayoutEffect(() => {
    if (workerFailed) return;
    let started: Worker;
    try {
      started = new Worker(new URL('./layout.worker.ts', import.meta.url));
    } catch {
      queueMicrotask(() => setWorkerFailed(true));
      return;
    }
    started.onmessage = (event: MessageEvent<string>) => {
      setFromWorker(answerOf(event.data, asked.current));
      const next = waiting.current;
      waiting.current = null;
      busy.current = next !== null;
      if (next) ask(started, next);
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

  useLayoutEffect(() => {
    if (!graph || workerFailed || !worker.current) return;
    const request = { graph, expanded: [...expanded] };
    if (busy.current) waiting.current = request;
    else {
      busy.current = true;
      ask(worker.current, request);
    }
  }, [graph, expanded, workerFailed]);

  useEffect(() => {
    if (warm && !workerFailed) worker.current?.postMessage(WARM_UP);
  }, [warm, workerFailed]);

  const here = useMemo(
    () => (workerFailed && graph ? prepareHere(graph, expanded) : undefined),
    [workerFailed, graph, expanded],
  );
  return here ?? fromWorker;
}
