import { describe, expect, it } from 'vitest';
import { jsonStream } from './http';

const text = (body: unknown) => jsonStream(body, {}).text();

describe('jsonStream', () => {
  it('sends byte for byte what JSON.stringify makes, large arrays a chunk at a time', async () => {
    const nodes = Array.from({ length: 1_234 }, (_, i) => ({
      id: `snap-${i}`,
      name: i % 7 === 0 ? null : `été ${i} "quoted" \\ ✓`,
      skipped: undefined,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      tags: i % 2 ? { Name: `n${i}` } : {},
    }));
    const body = {
      nodes,
      edges: [],
      small: [1, undefined, 'x'],
      focus: undefined,
      at: new Date(0),
      nested: { list: nodes.slice(0, 3), n: 1 },
      done: true,
    };
    const sent = await text(body);
    expect(sent).toBe(JSON.stringify(body));
    expect(JSON.parse(sent)).toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('answers what JSON.stringify answers for bodies that are not plain objects', async () => {
    for (const body of [{}, [], [1, 2], 'text', 0, null, { toJSON: () => ({ a: 1 }) }, { only: undefined }]) {
      expect(await text(body)).toBe(JSON.stringify(body));
    }
  });

  it('is JSON with the headers asked for', () => {
    const res = jsonStream({ a: 1 }, { 'cache-control': 'no-store' });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
