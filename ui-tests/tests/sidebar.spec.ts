import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { scrollFindingsUnderHeader, volatileParts } from './baselines';
import { luminance } from './contrast';
import { DEMO, SCREENSHOTS, SIDEBAR_ID } from './demo';

function tree(page: Page) {
  return page.getByRole('tree', { name: 'Dual-layout tables' });
}

function tableRow(page: Page, name: string) {
  return tree(page).locator(`.jp-DualLayout-TreeItem-table[data-table$=".${name}"]`);
}

async function openSidebar(page: Page): Promise<void> {
  await page.sidebar.openTab(SIDEBAR_ID);
  await expect(tableRow(page, DEMO.consistentTable)).toBeVisible();
}

/** The details view as a baseline, at the top and scrolled so the findings' header covers their first row. */
async function expectDetailsBaselines(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const view = page.locator('#jp-DualLayout-details');
  await expect(page.locator('.jp-DualLayout-Details').getByRole('grid')).toBeVisible();
  await expect(view).toHaveScreenshot(`details-drift-${theme}.png`, { mask: volatileParts(page) });
  await scrollFindingsUnderHeader(page);
  const header = page.locator('.jp-DualLayout-Section-findings thead th').first();
  // The header stays at the top of the view and is what shows there, not the row beneath it.
  const covering = await header.evaluate(th => {
    const box = th.getBoundingClientRect();
    const top = th.closest('.jp-DualLayout-Details')!.getBoundingClientRect().top;
    const shown = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
    return { offset: Math.round(box.top - top), headerShown: !!shown && th.contains(shown) };
  });
  expect(covering).toEqual({ offset: 0, headerShown: true });
  await expect(view).toHaveScreenshot(`details-scrolled-${theme}.png`, { mask: volatileParts(page) });
}

test.describe('Table browser', () => {
  test('should list the demo catalog, namespace and tables', async ({ page }) => {
    await openSidebar(page);
    const items = tree(page).getByRole('treeitem');
    await expect(items.filter({ hasText: DEMO.catalog }).first()).toHaveAttribute('aria-expanded', 'true');
    for (const name of DEMO.tables) {
      await expect(tableRow(page, name)).toBeVisible();
      await expect(tableRow(page, name).locator('.jp-DualLayout-Badge')).toHaveAttribute('title', /\S/);
    }
    // Visible tables are checked as they appear: the screenshot shows settled badges and their layout chips.
    for (const name of DEMO.tables) {
      await expect(tableRow(page, name).locator('.jp-DualLayout-Badge')).not.toHaveText(/unchecked|checking/, { timeout: 120000 });
    }
    await page.locator(`#${SIDEBAR_ID}`).screenshot({ path: `${SCREENSHOTS}/sidebar-light.png` });
    await expect(page.locator(`#${SIDEBAR_ID}`)).toHaveScreenshot('sidebar-light.png', { mask: volatileParts(page) });
  });

  test('should filter the tables as the user types', async ({ page }) => {
    await openSidebar(page);
    const search = page.getByRole('searchbox', { name: 'Search tables by name or namespace' });
    await search.pressSequentially(DEMO.driftedTable.slice(0, 4), { delay: 50 });
    await expect(tableRow(page, DEMO.driftedTable)).toBeVisible();
    await expect(tableRow(page, DEMO.consistentTable)).toHaveCount(0);
    // A namespace's name finds its tables, as the empty message below says.
    await search.fill(DEMO.objectStorageTable.namespace);
    await expect(tableRow(page, DEMO.objectStorageTable.name)).toBeVisible();
    await expect(tableRow(page, DEMO.consistentTable)).toHaveCount(0);
    await search.fill('no-such-table-anywhere');
    await expect(tree(page)).toContainText('No table or namespace name contains “no-such-table-anywhere”');
    await search.fill('');
    await expect(tableRow(page, DEMO.consistentTable)).toBeVisible();
  });

  test('should move through the tree with the keyboard and open a table with Enter', async ({ page }) => {
    await openSidebar(page);
    await tree(page).focus();
    const rows = await tree(page).getByRole('treeitem').count();
    for (let i = 0; i < rows && !(await tableRow(page, DEMO.driftedTable).evaluate(el => el.classList.contains('jp-mod-active'))); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: `${DEMO.catalog}.${DEMO.namespace}.${DEMO.driftedTable}` })).toBeVisible();
    await expect(tableRow(page, DEMO.driftedTable)).toHaveAttribute('aria-selected', 'true');
  });

  test('should show the drifted table with its findings, the exact files and a preview grid', async ({ page }) => {
    await openSidebar(page);
    await tableRow(page, DEMO.driftedTable).click();
    const details = page.locator('.jp-DualLayout-Details');
    await expect(details.locator('.jp-DualLayout-Verdict .jp-DualLayout-Badge')).toHaveText('drift', { timeout: 60000 });
    await expect(details.locator('.jp-DualLayout-Verdict')).toContainText('The Hive view differs from Iceberg');
    const findings = details.locator('.jp-DualLayout-Section-findings');
    await expect(findings.locator('tbody tr').first()).toBeVisible();
    await expect(findings).toContainText('stale-file');
    await expect(findings.locator('.jp-DualLayout-Path').first()).toHaveText(/\.parquet$/);
    // On drift, the pinned read is offered first.
    await expect(details.locator('.jp-DualLayout-Actions button').nth(1)).toHaveText('Open in Dask (pinned to snapshot)');

    const grid = details.getByRole('grid');
    await expect(grid).toBeVisible();
    expect(Number(await grid.getAttribute('aria-rowcount'))).toBeGreaterThan(1);
    await expect(grid.getByRole('columnheader').first()).toBeVisible();
    await expect(details.locator('.jp-DualLayout-Section-schema')).toContainText('Field id');
    await expect(details.locator('.jp-DualLayout-Section-partitioning')).toContainText('Example Hive path');
    await expect(tableRow(page, DEMO.driftedTable).locator('.jp-DualLayout-Badge')).toHaveText('drift');
    await page.screenshot({ path: `${SCREENSHOTS}/details-drift-light.png` });
    await expectDetailsBaselines(page, 'light');

    await grid.getByRole('columnheader').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(grid.locator('td[data-row="1"][data-col="0"]')).toBeFocused();
  });

  test('should read well in the dark theme', async ({ page }) => {
    await page.theme.setDarkTheme();
    await openSidebar(page);
    await tableRow(page, DEMO.driftedTable).click();
    const details = page.locator('.jp-DualLayout-Details');
    await expect(details.locator('.jp-DualLayout-Verdict .jp-DualLayout-Badge')).toHaveText('drift', { timeout: 60000 });
    await expect(details.getByRole('grid')).toBeVisible();
    const background = await details.evaluate(el => getComputedStyle(el).backgroundColor);
    const text = await details.evaluate(el => getComputedStyle(el).color);
    expect(luminance(background)).toBeLessThan(0.2);
    expect(luminance(text)).toBeGreaterThan(0.5);
    await page.screenshot({ path: `${SCREENSHOTS}/details-drift-dark.png` });
    await expectDetailsBaselines(page, 'dark');
    await page.theme.setLightTheme();
  });
});

test.describe('Sidebar beside a notebook', () => {
  test('should show every badge whole at the default width', async ({ page }) => {
    await page.notebook.createNew('beside.ipynb');
    await openSidebar(page);
    for (const name of DEMO.tables) {
      await expect(tableRow(page, name).locator('.jp-DualLayout-Badge')).not.toHaveText(/unchecked|checking/, { timeout: 120000 });
    }
    // Each badge ends inside its row, which ends inside the sidebar, and its word is not cut short.
    const sidebar = await page.locator(`#${SIDEBAR_ID}`).boundingBox();
    for (const name of DEMO.tables) {
      const row = tableRow(page, name);
      const badge = row.locator('.jp-DualLayout-Badge');
      const [rowBox, badgeBox] = [await row.boundingBox(), await badge.boundingBox()];
      expect(badgeBox!.x + badgeBox!.width).toBeLessThanOrEqual(rowBox!.x + rowBox!.width + 0.5);
      expect(rowBox!.x + rowBox!.width).toBeLessThanOrEqual(sidebar!.x + sidebar!.width + 0.5);
      expect(await badge.evaluate(el => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/sidebar-beside-notebook-light.png` });
  });
});

test.describe('A verdict from the verdict store', () => {
  // start-lab.sh publishes this table's verdict as `nightly-check` before JupyterLab starts.
  const published = 'stations';
  const id = `${DEMO.catalog}.${DEMO.namespace}.${published}`;

  test('should say who published it and when, in the details and in the badge’s tooltip', async ({ page }) => {
    const verdict = (await (await page.request.get(`dual-layout/api/tables/${id}/verdict`)).json()) as {
      status: string;
      published?: { producedBy: string; producedAt: string };
    };
    expect(verdict.published?.producedBy).toBe('nightly-check');
    await openSidebar(page);
    await tableRow(page, published).click();
    const details = page.locator('.jp-DualLayout-Details');
    await expect(details.getByRole('heading', { level: 1, name: id })).toBeVisible();
    const note = details.locator('.jp-DualLayout-Verdict .jp-DualLayout-Published');
    await expect(note).toHaveText(/^Published by nightly-check at \S.*$/);
    await expect(details.locator('.jp-DualLayout-Verdict .jp-DualLayout-Badge')).toHaveText(verdict.status);
    await expect(tableRow(page, published).locator('.jp-DualLayout-Badge')).toHaveAttribute('title', /Published by nightly-check at \S.*\.$/);
    // A table without a published verdict says when the helper checked it.
    await tableRow(page, DEMO.consistentTable).click();
    await expect(details.getByRole('heading', { level: 1, name: `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}` })).toBeVisible();
    await expect(details.locator('.jp-DualLayout-Verdict .jp-DualLayout-Note').first()).toHaveText(/^Checked /);
    await expect(details.locator('.jp-DualLayout-Published')).toHaveCount(0);

    await tableRow(page, published).click();
    await expect(note).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/details-published-light.png` });
    await page.theme.setDarkTheme();
    await expect(note).toBeVisible();
    expect(luminance(await note.evaluate(el => getComputedStyle(el).color))).toBeGreaterThan(0.4);
    await page.screenshot({ path: `${SCREENSHOTS}/details-published-dark.png` });
    await page.theme.setLightTheme();
  });
});
