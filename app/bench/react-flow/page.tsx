import { notFound } from 'next/navigation';
import { BareReactFlow } from './BareReactFlow';

export const dynamic = 'force-dynamic';

/**
 * A bare React Flow page (default nodes and edges, the stock minimap) that `npm run bench:ui` pans beside the app's
 * canvas, to tell React Flow's own cost from ours. Served only when LINEAGE_BENCH=1.
 */
export default async function Page({ searchParams }: { searchParams: Promise<{ n?: string }> }) {
  if (process.env.LINEAGE_BENCH !== '1') notFound();
  const n = Math.min(5_000, Math.max(1, Number((await searchParams).n) || 250));
  return <BareReactFlow count={n} />;
}
