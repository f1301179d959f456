import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { luminance } from './contrast';
import { parseJson } from '../../src/core/json';
import { DEMO, SCREENSHOTS, SIDEBAR_ID } from './demo';

const DRIFTED = `${DEMO.catalog}.${DEMO.namespace}.${DEMO.driftedTable}`;

interface RepairPlan {
  repairable: boolean;
  steps: { title: string; partitions: string[]; rewriteBytes: number; expiresSnapshots: (bigint | number)[] }[];
  unrepairable: { reason: string }[];
  standaloneScript: string;
}

function tableRow(page: Page, name: string) {
  return page.locator(`#${SIDEBAR_ID} .jp-DualLayout-TreeItem-table[data-table$=".${name}"]`);
}

function cell(page: Page, index: number) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

/** The sources of the current notebook's cells. */
async function cellSources(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    return Array.from({ length: notebook.model.cells.length }, (_, i) => notebook.model.cells.get(i).sharedModel.getSource() as string);
  });
}

/** The helper's JSON as the front end reads it: snapshot ids exact (bigint), never rounded. */
function parseExact<T>(text: string): T {
  return parseJson(text) as T;
}

/** The plan the helper makes for the drifted demo table, as the section asks for it. */
async function helperPlan(page: Page, keepHistory: boolean): Promise<RepairPlan> {
  const verdict = parseExact<{ snapshot: bigint | number }>(await (await page.request.get(`dual-layout/api/tables/${DRIFTED}/verdict`)).text());
  const query = `snapshot=${verdict.snapshot}${keepHistory ? '&keepHistory=true' : ''}`;
  const response = await page.request.get(`dual-layout/api/tables/${DRIFTED}/repair?${query}`);
  expect(response.status()).toBe(200);
  return parseExact<RepairPlan>(await response.text());
}

/** Opens the drifted table's details and waits for its repair plan. */
async function openRepairPlan(page: Page) {
  await page.sidebar.openTab(SIDEBAR_ID);
  await tableRow(page, DEMO.driftedTable).click();
  const details = page.locator('.jp-DualLayout-Details');
  await expect(details.locator('.jp-DualLayout-Verdict .jp-DualLayout-Badge')).toHaveText('drift', { timeout: 60000 });
  const section = details.locator('.jp-DualLayout-Section-repair');
  await expect(section.locator('.jp-DualLayout-RepairSteps > li').first()).toBeVisible({ timeout: 60000 });
  return section;
}

test.describe('Repair plan', () => {
  test.setTimeout(300000);

  test('should show the drifted table’s plan in plain words, and plan again keeping history', async ({ page }) => {
    const section = await openRepairPlan(page);
    const plan = await helperPlan(page, false);
    expect(plan.steps.length).toBeGreaterThan(0);
    await expect(section.getByRole('heading', { level: 2 })).toHaveText('Repair plan');
    await expect(section.locator('.jp-DualLayout-RepairStepTitle')).toHaveText(plan.steps.map(step => step.title));
    const bytes = plan.steps.reduce((sum, step) => sum + step.rewriteBytes, 0);
    await expect(section.locator('.jp-DualLayout-RepairFacts')).toContainText(bytes > 0 ? /\d+(\.\d)? (B|KiB|MiB|GiB)/ : /Bytes rewritten\s*none/);
    const expired = plan.steps.flatMap(step => step.expiresSnapshots.map(String));
    if (expired.length) {
      await expect(section.locator('.jp-DualLayout-Warning')).toContainText('time travel');
      for (const id of expired) {
        await expect(section.locator('.jp-DualLayout-Warning')).toContainText(id);
      }
    }
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SCREENSHOTS}/repair-plan-light.png` });

    const keep = section.getByRole('button', { name: 'Keep history' });
    await expect(keep).toHaveAttribute('aria-pressed', 'false');
    const asked = page.waitForRequest(request => request.url().includes('/repair?') && request.url().includes('keepHistory=true'));
    await keep.click();
    await asked;
    await expect(section.getByRole('button', { name: 'Keep history' })).toHaveAttribute('aria-pressed', 'true');
    const kept = await helperPlan(page, true);
    if (kept.steps.length) {
      await expect(section.locator('.jp-DualLayout-RepairStepTitle')).toHaveText(kept.steps.map(step => step.title));
    } else {
      await expect(section.locator('.jp-DualLayout-RepairReason')).toHaveText(kept.unrepairable.map(cause => cause.reason));
    }
    // Nothing a kept-history plan runs expires a snapshot.
    expect(kept.steps.flatMap(step => step.expiresSnapshots)).toEqual([]);
  });

  test('should insert the repair script in a new cell, not run, and the guard should call running it a repair', async ({ page }) => {
    await page.notebook.createNew('repair.ipynb');
    await page.notebook.setCell(0, 'code', 'before = 1');
    await page.notebook.addCell('code', 'after = 2');
    await page.notebook.selectCells(0);
    const section = await openRepairPlan(page);
    await section.getByRole('button', { name: 'Insert repair script' }).click();

    await expect.poll(() => page.notebook.getCellCount()).toBe(3);
    const plan = await helperPlan(page, false);
    // From the shared model: the editor renders only the lines in view of a long cell.
    expect(await cellSources(page)).toEqual(['before = 1', plan.standaloneScript, 'after = 2']);
    await expect(cell(page, 1).locator('.jp-InputPrompt')).toHaveText('[ ]:');

    await page.notebook.selectCells(1);
    await page.keyboard.press('Control+Enter');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText('This cell repairs a protected table');
    await expect(dialog).toContainText(`is a repair: it runs maintenance of the protected table ${DRIFTED}`);
    await expect(dialog.getByRole('button', { name: 'Run anyway' })).toBeVisible();
    const rows = dialog.locator('.jp-DualLayout-GuardFindings tbody tr');
    await expect(rows.first()).toContainText('(maintenance)');
    await expect(rows.first()).toContainText(DRIFTED);
    await page.screenshot({ path: `${SCREENSHOTS}/guard-dialog-repair.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(cell(page, 1).locator('.jp-InputPrompt')).toHaveText('[ ]:');
  });

  test('should read well in the dark theme', async ({ page }) => {
    await page.theme.setDarkTheme();
    const section = await openRepairPlan(page);
    const details = page.locator('.jp-DualLayout-Details');
    expect(luminance(await details.evaluate(el => getComputedStyle(el).backgroundColor))).toBeLessThan(0.2);
    for (const text of [section.locator('.jp-DualLayout-RepairStepTitle').first(), section.locator('.jp-DualLayout-RepairWhy').first()]) {
      expect(luminance(await text.evaluate(el => getComputedStyle(el).color))).toBeGreaterThan(0.5);
    }
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SCREENSHOTS}/repair-plan-dark.png` });
    await page.theme.setLightTheme();
  });
});

test.describe('Open in Spark for writing', () => {
  test.setTimeout(300000);

  test('should say what the code does, then insert the layout-keeping write snippet below the active cell, not run', async ({ page }) => {
    const table = `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`;
    await page.notebook.createNew('write.ipynb');
    await page.notebook.setCell(0, 'code', 'first = 1');
    await page.notebook.selectCells(0);
    await page.sidebar.openTab(SIDEBAR_ID);
    await tableRow(page, DEMO.consistentTable).click({ button: 'right' });
    await page.locator('.lm-Menu-item[data-command="dual-layout:open-in-spark-for-writing"]').click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-Dialog-header')).toHaveText(`Write to ${table} through Spark`);
    await expect(dialog).toContainText('copy-on-write');
    await dialog.getByRole('button', { name: 'Insert the code' }).click();

    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    const snippet = parseExact<{ code: string }>(
      await (await page.request.get(`dual-layout/api/tables/${table}/snippets?engine=spark&variant=write`)).text()
    );
    expect(await cellSources(page)).toEqual(['first = 1', snippet.code]);
    await expect(cell(page, 1).locator('.jp-InputPrompt')).toHaveText('[ ]:');
    // In the palette, the command names the table it acts on.
    const label = await page.evaluate(() => (window as any).jupyterapp.commands.label('dual-layout:open-in-spark-for-writing', { isPalette: true }));
    expect(label).toBe(`Open ${table} in Spark for Writing…`);
  });
});
