import { mkdirSync } from 'node:fs';
import { type Page, test as base, expect } from '@playwright/test';
import { E2E_EMULATOR_PORT } from '../playwright.config';

export const emulatorUrl = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;

/** Resets the emulator to a scenario through its control plane. */
export async function loadScenario(name = 'walkthrough'): Promise<void> {
  const res = await fetch(`${emulatorUrl}/_emulator/scenario/${encodeURIComponent(name)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`scenario ${name}: ${res.status} ${await res.text()}`);
}

export class LineagePage {
  readonly canvas;
  readonly panel;
  readonly search;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.panel = page.getByTestId('details-panel');
    this.search = page.getByRole('combobox', { name: 'Search resources' });
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.locator('.react-flow__node').first()).toBeVisible({ timeout: 20_000 });
  }

  node(text: string) {
    return this.page.locator('.react-flow__node', { hasText: text });
  }

  nodeById(id: string) {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  edgesOfKind(kind: string) {
    return this.page.locator(`[data-testid^="rf__edge-${kind}:"]`);
  }

  /** The node lies inside the canvas, not under the details panel or off screen. */
  async expectOnCanvas(id: string): Promise<void> {
    await expect(async () => {
      const canvas = (await this.canvas.boundingBox())!;
      const node = (await this.nodeById(id).boundingBox())!;
      expect(node.x).toBeGreaterThanOrEqual(canvas.x);
      expect(node.x + node.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      expect(node.y).toBeGreaterThanOrEqual(canvas.y);
      expect(node.y + node.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    }).toPass({ timeout: 5_000 });
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync('test-results/screenshots', { recursive: true });
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png` });
  }
}

interface Fixtures {
  lineage: LineagePage;
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
  lineage: async ({ page }, use) => {
    await loadScenario('walkthrough');
    await use(new LineagePage(page));
  },
});

export { expect };
