import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { luminance } from './contrast';
import { DEMO, SCREENSHOTS, SIDEBAR_ID } from './demo';

/** The lakehouse start-lab.sh built; its .pyiceberg.yaml is the helper's configuration. */
const LAKEHOUSE = process.env.DUAL_LAYOUT_UI_LAKEHOUSE || '/tmp/dual-layout-ui-lakehouse';
const CONFIG = path.join(LAKEHOUSE, '.pyiceberg.yaml');
/** Port 2 on loopback: nothing listens, the connection is refused at once (fetch blocks 9, the discard port). */
const BROKEN = '  broken:\n    type: rest\n    uri: http://127.0.0.1:2\n';
const BROKEN_MESSAGE = "REST catalog 'broken' at http://127.0.0.1:2 could not read its configuration (GET /v1/config): ECONNREFUSED";

/** Whether an element shows all of its text: nothing cut off at its right or bottom edge. */
async function showsAllItsText(locator: Locator): Promise<boolean> {
  return locator.evaluate(el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight);
}

function tree(page: Page) {
  return page.getByRole('tree', { name: 'Dual-layout tables' });
}

async function refresh(page: Page): Promise<void> {
  await page.locator(`#${SIDEBAR_ID}`).getByRole('button', { name: 'Refresh catalogs and verdicts' }).click();
}

test.describe('A catalog that is down', () => {
  let original: string;

  test.beforeEach(async ({ page }) => {
    original = fs.readFileSync(CONFIG, 'utf-8');
    // The demo's file has one `catalog:` section: the broken catalog joins it.
    fs.writeFileSync(CONFIG, original.replace(/^catalog:\n/m, `catalog:\n${BROKEN}`));
    await page.sidebar.openTab(SIDEBAR_ID);
    await refresh(page);
  });

  test.afterEach(async ({ page }) => {
    fs.writeFileSync(CONFIG, original);
    await refresh(page);
  });

  test('should show its error inline and in full, keep it on a click, and list the others', async ({ page }) => {
    const brokenRow = tree(page).locator('.jp-DualLayout-TreeItem-catalog', { hasText: 'broken' });
    await expect(brokenRow.locator('.jp-DualLayout-Badge-error')).toHaveText('error');
    await expect(brokenRow).toContainText('rest');
    const inline = tree(page).locator('.jp-DualLayout-TreeItem-error .jp-DualLayout-TreeError');
    await expect(inline).toHaveText(BROKEN_MESSAGE);
    // The whole message, as text that wraps, without hovering anything.
    const full = page.locator('.jp-DualLayout-CatalogFailure[data-catalog="broken"]');
    await expect(full.locator('.jp-DualLayout-CatalogFailureTitle')).toHaveText('Catalog broken (rest) failed');
    await expect(full.locator('.jp-DualLayout-CatalogFailureMessage')).toHaveText(BROKEN_MESSAGE);
    expect(await showsAllItsText(full.locator('.jp-DualLayout-CatalogFailureMessage'))).toBe(true);

    await brokenRow.click();
    await expect(brokenRow).toHaveAttribute('aria-expanded', 'false');
    await expect(inline).toBeVisible();
    await expect(full).toBeVisible();

    await expect(tree(page).locator(`.jp-DualLayout-TreeItem-table[data-table$=".${DEMO.consistentTable}"]`)).toBeVisible();
    await page.locator(`#${SIDEBAR_ID}`).screenshot({ path: `${SCREENSHOTS}/catalog-error-light.png` });
  });

  test('should keep the failure readable in the dark theme', async ({ page }) => {
    await page.theme.setDarkTheme();
    const full = page.locator('.jp-DualLayout-CatalogFailure[data-catalog="broken"]');
    const message = full.locator('.jp-DualLayout-CatalogFailureMessage');
    await expect(message).toHaveText(BROKEN_MESSAGE);
    expect(await showsAllItsText(message)).toBe(true);
    const background = await full.evaluate(el => getComputedStyle(el).backgroundColor);
    const text = await message.evaluate(el => getComputedStyle(el).color);
    // A dark box (JupyterLab's --jp-layout-color2) with light text well apart from it.
    expect(luminance(background)).toBeLessThan(0.3);
    expect(luminance(text) - luminance(background)).toBeGreaterThan(0.5);
    await page.locator(`#${SIDEBAR_ID}`).screenshot({ path: `${SCREENSHOTS}/catalog-error-dark.png` });
    await page.theme.setLightTheme();
  });
});
