import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The view's zoom, read from React Flow's transform. */
const zoomOf = (page: Page) =>
  page
    .locator('.react-flow__viewport')
    .evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1] ?? 1));

/** A spot of the canvas where the pane itself is under the mouse (no card, edge or control). */
async function freeSpot(page: Page): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate(() => {
    const box = document.querySelector('.react-flow')!.getBoundingClientRect();
    for (let y = box.top + 20; y < box.bottom - 20; y += 16) {
      for (let x = box.left + 20; x < box.right - 20; x += 16) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  expect(spot, 'a free spot of the canvas').not.toBeNull();
  return spot!;
}

test('while the view is dragged the canvas is marked as moving, and only then', async ({ lineage, page }) => {
  await lineage.open();
  const canvas = lineage.canvas;
  await expect(canvas).not.toHaveClass(/is-moving/);
  const { x, y } = await freeSpot(page);
  const before = await page.locator('.react-flow__viewport').getAttribute('style');
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 60, y + 30, { steps: 6 });
  await expect(canvas).toHaveClass(/is-moving/);
  // Cards lose their shadows while the view moves; the drawing is one layer the compositor moves.
  const moving = await page.evaluate(() => ({
    viewport: getComputedStyle(document.querySelector('.react-flow__viewport')!).willChange,
    shadow: getComputedStyle(document.querySelector('.lineage-card')!).boxShadow,
  }));
  expect(moving).toEqual({ viewport: 'transform', shadow: 'none' });
  await page.mouse.up();
  await expect(canvas).not.toHaveClass(/is-moving/);
  expect(await page.locator('.react-flow__viewport').getAttribute('style')).not.toBe(before);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.lineage-card')!).boxShadow)).not.toBe(
    'none',
  );
});

test('zoomed far out a card is a box of its colour that still opens its details and takes keyboard focus', async ({
  lineage,
  page,
}) => {
  await lineage.open();
  await expect(page.locator('[data-card-title]').first()).toBeVisible();
  await expect(page.locator('.react-flow__background')).toHaveCount(1);
  const zoomOut = page.getByRole('button', { name: 'Zoom out' });
  for (let i = 0; i < 30 && (await zoomOf(page)) >= 0.2; i++) {
    await zoomOut.click();
    await page.waitForTimeout(80);
  }
  expect(await zoomOf(page)).toBeLessThan(0.2);
  // No text to lay out or paint, no background dots: each card is its kind's colour.
  const cards = page.locator('.react-flow__node');
  await expect(page.locator('[data-detail="box"]').first()).toBeVisible();
  await expect(page.locator('.react-flow__node [data-card-title]')).toHaveCount(0);
  await expect(page.locator('.react-flow__background')).toHaveCount(0);
  // The AMI (the walkthrough has it and its copy in another region).
  const ami = page.locator('.react-flow__node[aria-label="AMI ImageFromEBSVolDemo"]').first();
  expect(await ami.locator('[data-detail="box"]').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    'rgb(139, 92, 246)',
  );
  await lineage.screenshot('canvas-boxes');

  // A click still selects it and opens its story.
  await ami.click();
  await expect(lineage.panel).toBeVisible();
  await expect(lineage.panel).toContainText('ImageFromEBSVolDemo');
  await page.keyboard.press('Escape');
  await expect(lineage.panel).toHaveCount(0);

  // Keyboard: a box is focusable, and Enter selects it.
  const first = cards.first();
  await first.focus();
  await expect(first).toBeFocused();
  const label = await first.getAttribute('aria-label');
  await page.keyboard.press('Enter');
  await expect(lineage.panel).toBeVisible();
  expect(label).toBeTruthy();

  // Zoomed back in, the full card returns.
  const zoomIn = page.getByRole('button', { name: 'Zoom in' });
  for (let i = 0; i < 30 && (await zoomOf(page)) < 0.5; i++) {
    await zoomIn.click();
    await page.waitForTimeout(80);
  }
  await expect(page.locator('.react-flow__node [data-card-title]').first()).toBeVisible();
  await expect(page.locator('[data-detail="box"]')).toHaveCount(0);
});
