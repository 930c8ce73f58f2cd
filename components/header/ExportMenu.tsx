'use client';

import { useQuery } from '@tanstack/react-query';
import { toPng, toSvg } from 'html-to-image';
import { findingsQuery } from '@/lib/api/client';
import { exportFileName, familyGraph, findingsCsv } from '@/lib/lineage/export';
import { useDrawnAnswer } from '@/components/use-lineage-data';
import { useToast } from '@/components/ui/Toaster';
import { HeaderPopover } from './HeaderPopover';

/** Saves a file the browser holds: a data URL, or text of a type. */
function save(name: string, content: { url: string } | { text: string; type: string }): void {
  const url = 'url' in content ? content.url : URL.createObjectURL(new Blob([content.text], { type: content.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  if (!('url' in content)) setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

const json = (value: unknown) => ({ text: `${JSON.stringify(value, null, 2)}\n`, type: 'application/json' });

/** What the canvas's picture leaves out: the minimap, the zoom buttons and other overlays. */
const OVERLAYS = ['react-flow__minimap', 'react-flow__controls', 'react-flow__panel', 'react-flow__attribution'];
const notOverlay = (node: HTMLElement) => !OVERLAYS.some((c) => node.classList?.contains(c));

/** The canvas as it is on screen, as PNG or SVG (html-to-image), on the page's own background. */
async function picture(format: 'png' | 'svg'): Promise<string> {
  const canvas = document.querySelector<HTMLElement>('.react-flow');
  if (!canvas) throw new Error('There is no graph on the screen to export.');
  const options = { backgroundColor: getComputedStyle(document.body).backgroundColor, filter: notOverlay };
  return format === 'png' ? toPng(canvas, { ...options, pixelRatio: 2 }) : toSvg(canvas, options);
}

function MenuItem({ label, onClick, disabled }: { label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      role="menuitem"
      disabled={disabled}
      onClick={onClick}
      className="block w-full px-3 py-1.5 text-left hover:bg-neutral-100 disabled:cursor-not-allowed disabled:text-neutral-400 dark:hover:bg-neutral-800 dark:disabled:text-neutral-600"
    >
      {label}
    </button>
  );
}

type Run = (what: string, action: () => void | Promise<void>) => void;

function ExportItems({ selected, run }: { selected: string | null; run: Run }) {
  const toast = useToast();
  const { data } = useDrawnAnswer();
  const findings = useQuery({ ...findingsQuery(), enabled: !!data });
  const facts = data ? { regions: data.regions, fetchedAt: data.fetchedAt } : null;
  const graph = data ? { nodes: data.nodes, edges: data.edges } : null;
  const list = findings.data?.findings;
  return (
    <>
      <MenuItem
        label="View as PNG"
        onClick={() => run('PNG', async () => save(exportFileName('view', 'png'), { url: await picture('png') }))}
      />
      <MenuItem
        label="View as SVG"
        onClick={() => run('SVG', async () => save(exportFileName('view', 'svg'), { url: await picture('svg') }))}
      />
      <hr className="my-1 border-neutral-100 dark:border-neutral-800" />
      <MenuItem
        label={selected ? `Family of ${selected} (JSON)` : 'Family (JSON): select a resource'}
        disabled={!selected || !graph}
        onClick={() =>
          run('Family JSON', () => {
            const family = familyGraph(graph!, selected!);
            save(exportFileName(`family-${selected!}`, 'json'), json({ ...family, ...facts, focus: selected }));
          })
        }
      />
      <MenuItem
        label="Whole graph (JSON)"
        disabled={!graph}
        onClick={() => run('Graph JSON', () => save(exportFileName('graph', 'json'), json({ ...graph, ...facts })))}
      />
      <hr className="my-1 border-neutral-100 dark:border-neutral-800" />
      <MenuItem
        label={list ? `Findings (CSV, ${list.length})` : 'Findings (CSV)…'}
        disabled={!list}
        onClick={() =>
          run('Findings CSV', () =>
            save(exportFileName('findings', 'csv'), { text: findingsCsv(list!), type: 'text/csv' }),
          )
        }
      />
      <MenuItem
        label="Findings (JSON)"
        disabled={!findings.data}
        onClick={() => run('Findings JSON', () => save(exportFileName('findings', 'json'), json(findings.data)))}
      />
      <hr className="my-1 border-neutral-100 dark:border-neutral-800" />
      <MenuItem
        label="Copy link"
        onClick={() =>
          run('Copy link', async () => {
            await navigator.clipboard.writeText(window.location.href);
            toast({ tone: 'success', title: 'Link to this view copied' });
          })
        }
      />
    </>
  );
}

/** The export menu: a picture of the view, the graph or a family as JSON, the findings, a link to this view. */
export function ExportMenu({ selected }: { selected: string | null }) {
  const toast = useToast();
  return (
    <HeaderPopover label="Export" title="Export" role="menu" testId="export" align="right" panelClass="w-60 py-1">
      {(close) => (
        <ExportItems
          selected={selected}
          run={(what, action) => {
            close();
            Promise.resolve()
              .then(action)
              .catch((error: unknown) =>
                toast({
                  tone: 'error',
                  title: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
                }),
              );
          }}
        />
      )}
    </HeaderPopover>
  );
}
