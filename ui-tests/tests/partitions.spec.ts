/**
 * What a scientist sees of a verdict: the layout chip beside each status, and
 * a table's Partitions chart with the partitions holding flagged files
 * highlighted. Every expectation is derived from the helper's own API answers
 * for the demo lakehouse, never written down by hand.
 */
import { expect, test } from './fixtures';
import type { Locator, Page } from '@playwright/test';
import type { Finding, LayoutKind, TableDetails, TableSummary, Verdict } from '../../src/core/api/wire';
import { luminance } from './contrast';
import { DEMO, SCREENSHOTS, SIDEBAR_ID } from './demo';

const API = '/dual-layout/api';

/** The words the chip shows for each layout. */
const LAYOUT_WORDS: Record<LayoutKind, string> = {
  hive: 'hive',
  'hive-mixed': 'hive-mixed',
  'object-storage': 'object storage',
  unpartitioned: 'unpartitioned',
  flat: 'flat'
};

const survey = (name: string) => `${DEMO.catalog}.${DEMO.namespace}.${name}`;
const OBJECT_STORAGE = `${DEMO.catalog}.${DEMO.objectStorageTable.namespace}.${DEMO.objectStorageTable.name}`;

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${API}/${path}`);
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** The table's verdict for its current snapshot, checking it first when nobody has. */
async function settledVerdict(page: Page, table: string): Promise<Verdict> {
  const cached = await getJson<Verdict | { verdict: null }>(page, `tables/${table}/verdict`);
  if (!('status' in cached)) {
    expect((await page.request.post(`${API}/tables/${table}/check`)).status()).toBe(202);
  }
  let verdict: Verdict | null = null;
  await expect
    .poll(
      async () => {
        const answer = await getJson<Verdict | { verdict: null }>(page, `tables/${table}/verdict`);
        verdict = 'status' in answer ? answer : null;
        return verdict?.status ?? 'pending';
      },
      { timeout: 120000 }
    )
    .not.toBe('pending');
  return verdict!;
}

function tableRow(page: Page, id: string): Locator {
  return page.locator(`#${SIDEBAR_ID} .jp-DualLayout-TreeItem-table[data-table="${id}"]`);
}

async function openDetails(page: Page, id: string): Promise<Locator> {
  await page.sidebar.openTab(SIDEBAR_ID);
  await tableRow(page, id).click();
  const details = page.locator('.jp-DualLayout-Details');
  await expect(details.getByRole('heading', { level: 1, name: id })).toBeVisible();
  return details;
}

/** Local paths and `file:` URIs of the same file compare equal. */
function plainPath(location: string): string {
  return location.replace(/^file:(\/\/localhost|\/\/)?(?=\/)/, '').replace(/\/+$/, '');
}

/**
 * For each live partition, the distinct files inside its directory (or the directory itself) that
 * row-changing findings name: the data file a delete refers to, and the delete file too when Dask
 * reads it as data (a Parquet name), plus every data file the verdict's delete summary names.
 */
function flaggedByPartition(details: TableDetails, verdict: Verdict): Map<string, number> {
  const root = plainPath(details.dataRoot);
  const files = new Set<string>();
  for (const finding of verdict.findings.filter((f: Finding) => f.changesRows)) {
    if (finding.referencedDataFile) {
      files.add(plainPath(finding.referencedDataFile));
    }
    if (!finding.referencedDataFile || /\.(parq|parquet|pq)$/.test(finding.path)) {
      files.add(plainPath(finding.path));
    }
  }
  verdict.deletes?.affectedDataFiles.forEach(file => files.add(plainPath(file)));
  const flagged = new Map<string, number>();
  for (const partition of details.partitions) {
    const directory = `${root}/${partition.path}`;
    const inside = (file: string) =>
      file === directory || (file.startsWith(`${directory}/`) && !file.slice(directory.length + 1).includes('='));
    const count = [...files].filter(inside).length;
    if (count > 0) {
      flagged.set(partition.path, count);
    }
  }
  return flagged;
}

function partitionRow(section: Locator, path: string): Locator {
  return section.locator(`.jp-DualLayout-PartitionRow[data-partition="${path.replace(/["\\]/g, '\\$&')}"]`);
}


test.describe('Layout and partitions', () => {
  test('should show each table’s layout beside its status, as the verifier reports it', async ({ page }) => {
    const { tables } = await getJson<{ tables: TableSummary[] }>(page, `catalogs/${DEMO.catalog}/tables?limit=100`);
    const verdicts = await Promise.all(tables.map(table => settledVerdict(page, table.id)));
    await page.sidebar.openTab(SIDEBAR_ID);
    for (const verdict of verdicts) {
      const row = tableRow(page, verdict.table);
      await expect(row.locator('.jp-DualLayout-Badge')).toHaveText(verdict.status === 'error' ? 'error' : verdict.status);
      if (!verdict.layout) {
        await expect(row.locator('.jp-DualLayout-LayoutChip')).toHaveCount(0);
        continue;
      }
      const chip = row.locator('.jp-DualLayout-LayoutChip');
      await expect(chip).toHaveText(LAYOUT_WORDS[verdict.layout.kind]);
      expect(await chip.getAttribute('title')).toContain(verdict.layout.explanation);
      expect(await chip.getAttribute('aria-label')).toContain(verdict.layout.explanation);
    }
    // The demo has plain Hive tables and an object-storage one: the chips must tell them apart.
    expect(new Set(verdicts.map(v => v.layout?.kind)).size).toBeGreaterThan(1);
  });

  test('should draw one bar per partition, with the partitions that hold flagged files highlighted', async ({ page }) => {
    const id = survey(DEMO.driftedTable);
    const verdict = await settledVerdict(page, id);
    const api = await getJson<TableDetails>(page, `tables/${id}`);
    const flagged = flaggedByPartition(api, verdict);
    expect(verdict.status).toBe('drift');
    expect(flagged.size).toBeGreaterThan(0);

    const details = await openDetails(page, id);
    const section = details.locator('.jp-DualLayout-Section-partitions');
    await expect(section.locator('.jp-DualLayout-PartitionRow[data-partition]:not(.jp-mod-notLive)')).toHaveCount(api.partitions.length);
    const maxRows = Math.max(...api.partitions.map(p => p.recordCount));
    for (const partition of api.partitions) {
      const row = partitionRow(section, partition.path);
      const bar = row.locator('meter.jp-DualLayout-PartitionBar');
      await expect(bar).toHaveAttribute('value', String(partition.recordCount));
      await expect(bar).toHaveAttribute('max', String(maxRows));
      await expect(row.getByRole('cell').nth(1)).toHaveText(partition.recordCount.toLocaleString('en-US'));
      const count = flagged.get(partition.path);
      if (count) {
        await expect(row).toHaveClass(/jp-mod-flagged/);
        await expect(row.locator('.jp-DualLayout-FlagCount')).toHaveText(`${count} flagged file${count === 1 ? '' : 's'}`);
      } else {
        await expect(row).not.toHaveClass(/jp-mod-flagged/);
      }
    }
    await expect(section.locator('.jp-DualLayout-PartitionSummary')).toContainText(
      `${flagged.size} of ${api.partitions.length} partitions`
    );

    // Bars switch to bytes; the flagged partitions come first.
    await section.getByRole('group', { name: 'Bar length' }).getByRole('button', { name: 'Size' }).click();
    const maxBytes = Math.max(...api.partitions.map(p => p.totalBytes));
    for (const partition of api.partitions) {
      const bar = partitionRow(section, partition.path).locator('meter');
      await expect(bar).toHaveAttribute('value', String(partition.totalBytes));
      await expect(bar).toHaveAttribute('max', String(maxBytes));
    }
    const order = await section.locator('.jp-DualLayout-PartitionRow[data-partition]').evaluateAll(rows => rows.map(row => (row as HTMLElement).dataset.partition));
    expect(order.slice(0, flagged.size).sort()).toEqual([...flagged.keys()].sort());

    // Paths wrap after a slash only: one break opportunity after each run of slashes, none inside a name.
    const dataRoot = details.locator('.jp-DualLayout-Facts dd .jp-DualLayout-Path').nth(1);
    await expect(dataRoot).toHaveText(api.dataRoot);
    expect(await dataRoot.locator('wbr').count()).toBe(api.dataRoot.split(/(?<=\/)(?!\/)/).length - 1);

    await section.getByRole('group', { name: 'Bar length' }).getByRole('button', { name: 'Rows' }).click();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/partitions-light.png` });
  });

  test('should keep the chart readable in the dark theme', async ({ page }) => {
    const id = survey(DEMO.driftedTable);
    await settledVerdict(page, id);
    await page.theme.setDarkTheme();
    const details = await openDetails(page, id);
    const section = details.locator('.jp-DualLayout-Section-partitions');
    const flaggedRow = section.locator('.jp-DualLayout-PartitionRow.jp-mod-flagged').first();
    await expect(flaggedRow).toBeVisible();
    const panel = await details.evaluate(el => getComputedStyle(el).backgroundColor);
    const text = await flaggedRow.getByRole('cell').nth(1).evaluate(el => getComputedStyle(el).color);
    expect(luminance(panel)).toBeLessThan(0.2);
    expect(luminance(text) - luminance(panel)).toBeGreaterThan(0.5);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/partitions-dark.png` });
    await page.theme.setLightTheme();
  });

  test('should offer the snapshot-pinned read first for a tree that is not plain Hive, and the directory read for one that is', async ({
    page
  }) => {
    const other = await settledVerdict(page, OBJECT_STORAGE);
    expect(other.layout?.kind).toBe('object-storage');
    let details = await openDetails(page, OBJECT_STORAGE);
    const line = details.locator('.jp-DualLayout-LayoutLine');
    await expect(line.locator('.jp-DualLayout-LayoutChip')).toHaveText(LAYOUT_WORDS['object-storage']);
    await expect(line).toContainText(other.layout!.explanation);
    await expect(line.locator('.jp-DualLayout-Pruning')).toHaveText(`directory pruning is ${other.layout!.pruning}`);
    const actions = details.locator('.jp-DualLayout-Actions button');
    await expect(actions.nth(1)).toHaveText('Open in Dask (pinned to snapshot)');
    await expect(actions.nth(1)).toHaveClass(/jp-mod-accept/);

    const hive = await settledVerdict(page, survey(DEMO.hiveTable));
    expect([hive.status, hive.layout?.kind, hive.layout?.pruning]).toEqual(['consistent', 'hive', 'safe']);
    details = await openDetails(page, survey(DEMO.hiveTable));
    await expect(details.locator('.jp-DualLayout-LayoutLine .jp-DualLayout-LayoutChip')).toHaveText('hive');
    await expect(actions.nth(1)).toHaveText('Open in Dask');
    await expect(actions.nth(1)).toHaveClass(/jp-mod-accept/);
    await expect(actions.nth(2)).toHaveText('Open in Dask (pinned to snapshot)');
  });
});
