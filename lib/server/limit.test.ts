import { describe, expect, it } from 'vitest';
import { Limiter } from './limit';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Limiter', () => {
  it('runs at most max at once, the rest in order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limiter.run(async () => {
          running++;
          most = Math.max(most, running);
          order.push(i);
          await tick();
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.load).toEqual({ running: 0, waiting: 0 });
  });

  it('lets a waiter whose signal aborts leave the queue without running', async () => {
    const limiter = new Limiter(1);
    const controller = new AbortController();
    let ran = false;
    const first = limiter.run(tick);
    const second = limiter.run(() => {
      ran = true;
      return Promise.resolve();
    }, controller.signal);
    controller.abort(new Error('gone'));
    await expect(second).rejects.toThrow('gone');
    await first;
    expect(ran).toBe(false);
    expect(limiter.load).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps its turn when the work fails', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
