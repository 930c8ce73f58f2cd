'use client';

import { Background, Controls, type Edge, MiniMap, type Node, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';

/** `count` default nodes in rows of ten, each joined to the next in its row. */
export function BareReactFlow({ count }: { count: number }) {
  const { nodes, edges } = useMemo(() => {
    const nodes: Node[] = Array.from({ length: count }, (_, i) => ({
      id: String(i),
      position: { x: (i % 10) * 240, y: Math.floor(i / 10) * 90 },
      data: { label: `node ${i}` },
    }));
    const edges: Edge[] = nodes
      .filter((_, i) => i % 10 !== 9 && i + 1 < count)
      .map((n) => ({ id: `e${n.id}`, source: n.id, target: String(Number(n.id) + 1) }));
    return { nodes, edges };
  }, [count]);
  return (
    <div style={{ width: '100vw', height: '100vh' }} data-testid="bare-react-flow">
      <ReactFlow nodes={nodes} edges={edges} fitView minZoom={0.03}>
        <Background />
        <Controls />
        <MiniMap />
      </ReactFlow>
    </div>
  );
}
