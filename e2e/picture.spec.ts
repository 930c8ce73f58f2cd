import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** What the first view looks like, measured in the page: text sizes on screen, overflow, what covers what. */
interface Measure {
  zoom: number;
  cards: number;
  smallestTitle: number;
  smallestText: number;
  overflowing: string[];
  covered: string[];
  overlaysOnPane: string[];
}

type Rect = { left: number; top: number; right: number; bottom: number };

/** Everything asserted here is read from the DOM: rendered boxes, computed font sizes and the viewport's zoom. */
async function measureFirstView(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const intersects = (a: Rect, b: Rect) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const clip = (a: Rect, b: Rect): Rect => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
    const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1] ?? 1);
    const pane = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const overlays: [string, Element | null][] = [
      ['header', document.querySelector('header')],
      ['legend', document.querySelector('[data-testid="legend"]')],
      ['minimap', document.querySelector('[data-testid="minimap"]')],
      ['details panel', document.querySelector('[data-testid="details-panel"]')],
      ['findings panel', document.querySelector('[data-testid="findings-panel"]')],
    ];
    const overlayRects = overlays.flatMap(([name, el]) => (el ? [[name, el.getBoundingClientRect()] as const] : []));
    let smallestTitle = Infinity;
    let smallestText = Infinity;
    const overflowing: string[] = [];
    const covered: string[] = [];
    let cards = 0;
    for (const node of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const box = node.getBoundingClientRect();
      if (!intersects(box, pane)) continue;
      cards++;
      const id = node.dataset.id ?? '?';
      const seen = clip(box, pane);
      for (const [name, rect] of overlayRects) if (intersects(seen, rect)) covered.push(`${id} under the ${name}`);
      for (const el of node.querySelectorAll<HTMLElement>('*')) {
        const text = [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim());
        if (!text) continue;
        const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
        if (el.closest('[data-card-title]')) smallestTitle = Math.min(smallestTitle, px);
        else smallestText = Math.min(smallestText, px);
        const r = el.getBoundingClientRect();
        const cut = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        const outside = r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
        if (cut || outside) overflowing.push(`${id}: “${el.textContent}”`);
      }
    }
    const overlaysOnPane = overlayRects.filter(([, rect]) => intersects(rect, pane)).map(([name]) => name);
    return { zoom, cards, smallestTitle, smallestText, overflowing, covered, overlaysOnPane };
  });
}

/**
 * Edges drawn under a card that is neither their source nor their target: each edge path sampled every 4 px along its
 * length, in screen coordinates, against every drawn card's box (less a pixel of border).
 */
async function edgesUnderCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => ({
      id: n.dataset.id!,
      box: n.getBoundingClientRect(),
    }));
    const found: string[] = [];
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const id = (edge.dataset.testid ?? '').replace(/^rf__edge-/, '');
      const [, ends = ''] = /^[^:]+:(.*)$/.exec(id) ?? [];
      const [source, target] = ends.split('->');
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path')!;
      const matrix = path.getScreenCTM()!;
      const length = path.getTotalLength();
      for (let at = 0; at <= length; at += 4) {
        const p = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(matrix);
        const under = cards.find(
          (c) =>
            c.id !== source &&
            c.id !== target &&
            p.x > c.box.left + 1 &&
            p.x < c.box.right - 1 &&
            p.y > c.box.top + 1 &&
            p.y < c.box.bottom - 1,
        );
        if (under) {
          found.push(`${id} under ${under.id}`);
          break;
        }
      }
    }
    return found;
  });
}

async function settled(page: Page): Promise<void> {
  // The walkthrough's emulator answers slowly on purpose, and the layout runs in a worker.
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  // The first view is set on the next frame; wait until the zoom stops changing.
  let last = '';
  await expect(async () => {
    const now = await page.locator('.react-flow__viewport').getAttribute('style');
    const same = now === last;
    last = now ?? '';
    expect(same).toBe(true);
  }).toPass({ intervals: [250, 250, 250, 500] });
}

for (const [width, height] of [
  [1280, 720],
  [1600, 1000],
] as const) {
  test(`the first view at ${width}×${height} can be read, nothing covers it, no edge runs under a card`, async ({
    lineage,
    page,
    consoleErrors,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/');
    await settled(page);
    const m = await measureFirstView(page);
    console.log(
      `${width}×${height}: zoom ${m.zoom.toFixed(3)}, ${m.cards} cards in view, smallest title ${m.smallestTitle.toFixed(1)} px, smallest other text ${m.smallestText.toFixed(1)} px`,
    );
    expect(m.cards).toBeGreaterThanOrEqual(8);
    expect(m.smallestTitle).toBeGreaterThanOrEqual(12);
    expect(m.smallestText).toBeGreaterThanOrEqual(10);
    expect(m.overflowing).toEqual([]);
    expect(m.covered).toEqual([]);
    expect(m.overlaysOnPane).toEqual([]);
    expect(await edgesUnderCards(page)).toEqual([]);
    // The legend starts folded.
    await expect(page.getByTestId('legend')).not.toHaveAttribute('open');
    await lineage.screenshot(`picture-first-view-${width}`);
    expect(consoleErrors).toEqual([]);
  });
}

test('the whole walkthrough drawn: no edge runs under a card that is not its end', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('/');
  await settled(page);
  await page.getByRole('button', { name: 'Fit the whole drawing' }).click();
  await settled(page);
  expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(20);
  expect(await edgesUnderCards(page)).toEqual([]);
});

test('selecting a card keeps it and its neighbours clear of the details panel', async ({ lineage, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await settled(page);
  const card = page.locator('.react-flow__node', { hasText: 'CreatedFromEBSVolDemoAMI' });
  // Bring it near the right edge, where the panel will open.
  await page.getByRole('button', { name: 'Fit the whole drawing' }).click();
  await settled(page);
  await card.click();
  await expect(lineage.panel).toBeVisible();
  await settled(page);
  const id = await card.getAttribute('data-id');
  await lineage.expectOnCanvas(id!);
  const panel = (await lineage.panel.boundingBox())!;
  const box = (await card.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(panel.x);
});

test('keyboard: a card within ten Tab stops after the header, with a ring; search → Enter → arrows', async ({
  lineage,
  page,
}) => {
  await page.goto('/');
  await settled(page);
  // From the last control of the header, Tab reaches a card within ten stops.
  await page.getByRole('button', { name: /refresh/i }).focus();
  let stops = 0;
  let onCard = false;
  while (stops < 10 && !onCard) {
    await page.keyboard.press('Tab');
    stops++;
    onCard = await page.evaluate(() => document.activeElement?.classList.contains('react-flow__node') ?? false);
  }
  expect(onCard, `a card after ${stops} Tab stops`).toBe(true);
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { width: parseFloat(style.outlineWidth), style: style.outlineStyle };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);

  // Esc closes the results and keeps the query.
  await lineage.search.click();
  await lineage.search.fill('ImageFromEBSVolDemo');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();
  await expect(lineage.search).toHaveValue('ImageFromEBSVolDemo');

  // Enter on a result moves the focus to its card: the arrows walk on from there at once.
  await expect(async () => {
    await lineage.search.blur();
    await lineage.search.focus();
    await expect(page.getByRole('listbox')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await page.keyboard.press('Enter');
  await expect(lineage.panel).toContainText('ImageFromEBSVolDemo');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
    .toContain('ImageFromEBSVolDemo');
  // Left to a parent (each AMI of that name has one; the copy's is the original, of the same name: compare ids).
  const picked = new URL(page.url()).searchParams.get('selected');
  expect(picked).toMatch(/^ami-/);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => new URL(page.url()).searchParams.get('selected')).not.toBe(picked);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.classList.contains('react-flow__node') ?? false))
    .toBe(true);
});

const SERIOUS = ['serious', 'critical'];

async function axeViolations(page: Page): Promise<string[]> {
  // Cards outside the selection's lineage are faded on purpose (the same cards are checked at full strength unselected).
  const result = await new AxeBuilder({ page }).exclude('.react-flow__node:has([data-emphasis="dim"])').analyze();
  return result.violations
    .filter((v) => SERIOUS.includes(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe: no serious or critical violation on the main view, the details panel, a dialog and the findings', async ({
  lineage,
  page,
}) => {
  // Four full scans of the page.
  test.setTimeout(240_000);
  await page.goto('/');
  await settled(page);
  expect(await axeViolations(page)).toEqual([]);

  await lineage.node('ImageFromEBSVolDemo').first().click();
  await expect(lineage.panel).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  const opener = page.getByRole('button', { name: 'Launch instance' }).first();
  await opener.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The focus goes back to what opened the dialog.
  await expect(opener).toBeFocused();

  await page.getByRole('button', { name: /Findings/ }).click();
  await expect(page.getByTestId('findings-panel')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test('a fleet of forty instances from one AMI is one card until expanded; a deep link opens it', async ({
  page,
  lineage,
}) => {
  await page.goto('/');
  await settled(page);
  // Forty instances of one type from the walkthrough's AMI, launched twenty at a time through the actions API.
  const launched = await page.evaluate(async () => {
    const answer = (await (await fetch('/api/lineage')).json()) as {
      nodes: { id: string; kind: string; name: string | null; region: string }[];
    };
    const ami = answer.nodes.find(
      (n) => n.kind === 'image' && n.name === 'ImageFromEBSVolDemo' && n.region === 'us-east-1',
    );
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch('/api/actions/run-instances', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          region: 'us-east-1',
          imageId: ami!.id,
          instanceType: 't3.small',
          count: 20,
          name: 'web',
        }),
      });
      const body = (await res.json()) as { instanceIds?: string[] };
      if (!res.ok) throw new Error(`run-instances: ${res.status} ${JSON.stringify(body)}`);
      ids.push(...(body.instanceIds ?? []));
    }
    return ids;
  });
  expect(launched).toHaveLength(40);
  const member = launched[0]!;

  await page.reload();
  await settled(page);
  const fleet = page.locator('.react-flow__node[data-id^="fleet:"]');
  await expect(fleet).toHaveCount(1);
  await expect(fleet).toContainText('Fleet of 40 instances');
  await expect(page.locator('.react-flow__node', { hasText: /^web/ })).toHaveCount(0);
  await expect(lineage.nodeById(member)).toHaveCount(0);

  // A click expands it: forty instance cards (and their volumes) in its place.
  const before = await page.locator('.react-flow__node').count();
  await fleet.click();
  await expect(fleet).toHaveCount(0);
  await page.getByRole('button', { name: 'Fit the whole drawing' }).click();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThanOrEqual(before + 79);

  // A deep link to one member opens the fleet and centres on it.
  await page.goto(`/?selected=${member}`);
  await expect(lineage.nodeById(member)).toBeVisible({ timeout: 30_000 });
  await expect(lineage.panel).toContainText(member);
  await lineage.expectOnCanvas(member);
});
