import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { volatileParts } from './baselines';
import { DEMO } from './demo';

/** The demo table's folder on disk, from the helper that the guard asks too. */
async function tableFolder(page: Page): Promise<string> {
  const response = await page.request.get(`/dual-layout/api/tables/${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`);
  expect(response.ok()).toBeTruthy();
  const location = ((await response.json()) as { location: string }).location;
  return decodeURIComponent(location.replace(/^file:\/\//, ''));
}

function cell(page: Page, index: number) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

/** Run a cell with the keyboard: Galata's runCell waits for the kernel, which a guarded cell never reaches. */
async function startCell(page: Page, index: number): Promise<void> {
  await page.notebook.selectCells(index);
  await page.keyboard.press('Control+Enter');
}

async function output(page: Page, index: number): Promise<string> {
  const area = cell(page, index).locator('.jp-OutputArea-output');
  await expect(area).toBeVisible({ timeout: 60000 });
  return (await area.innerText()).trim();
}

test.describe('Write guard', () => {
  // Each test starts a kernel and runs several cells on a shared, loaded machine.
  test.setTimeout(300000);

  test('should ask before a cell writes into a table folder; Cancel skips it, Run anyway runs it', async ({ page }) => {
    // A fresh name each run, so a failed run cannot leave the file behind for the next.
    const marker = `${await tableFolder(page)}/guard-test-${Date.now()}.txt`;
    await page.notebook.createNew('guard.ipynb');
    await page.notebook.setCell(0, 'code', `with open(${JSON.stringify(marker)}, "w") as f:\n    f.write("written by hand")`);
    await page.notebook.addCell('code', `import os\nprint(os.path.exists(${JSON.stringify(marker)}))`);

    await startCell(page, 0);
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('This cell writes to protected data');
    await expect(dialog.locator('.jp-DualLayout-GuardFindings tbody tr')).toHaveCount(1);
    await expect(dialog.locator('.jp-DualLayout-GuardFindings tbody tr')).toContainText(
      `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`
    );
    await page.screenshot({ path: 'screenshots/guard-dialog.png' });
    await expect(dialog.locator('.jp-Dialog-content')).toHaveScreenshot('guard-dialog.png', { mask: volatileParts(page) });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText('[ ]:');

    // A read-only cell runs with no dialog, and shows the file was not written.
    await page.notebook.runCell(1);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    expect(await output(page, 1)).toBe('False');

    await startCell(page, 0);
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Run anyway' }).click();
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, { timeout: 60000 });
    await page.notebook.runCell(1);
    expect(await output(page, 1)).toBe('True');

    // Leave the demo table as we found it (removing the file is a write too).
    await page.notebook.addCell('code', `os.remove(${JSON.stringify(marker)})`);
    // Running a cell may have appended an empty one, so the new cell is the last.
    const last = (await page.notebook.getCellCount()) - 1;
    await startCell(page, last);
    await expect(page.locator('.jp-Dialog')).toContainText('os.remove');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Run anyway' }).click();
    await expect(cell(page, last).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, { timeout: 60000 });
  });

  test('should add no cell below while Shift+Enter waits for the dialog, nor after Cancel; Run anyway advances as usual', async ({ page }) => {
    // Nothing exists there: the write is a no-op even when allowed, so the table stays as it was.
    const absent = `${await tableFolder(page)}/guard-absent-${Date.now()}`;
    await page.notebook.createNew('guard-advance.ipynb');
    await page.notebook.setCell(0, 'code', `import shutil\nshutil.rmtree(${JSON.stringify(absent)}, ignore_errors=True)`);
    const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
    await expect(cells).toHaveCount(1);
    // The inline mark shows the guard has its policy: the static layer, not the kernel's, is what this tests.
    await expect(cell(page, 0).locator('.jp-DualLayout-GuardMark').first()).toBeVisible({ timeout: 60000 });

    await page.notebook.selectCells(0);
    await page.keyboard.press('Shift+Enter');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Cell 1 writes to protected dual-layout data');
    await expect(cells).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(cells).toHaveCount(1);
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText('[ ]:');

    await page.notebook.selectCells(0);
    await page.keyboard.press('Shift+Enter');
    await expect(dialog).toContainText('Cell 1 writes to protected dual-layout data');
    await expect(cells).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Run anyway' }).click();
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, { timeout: 60000 });
    await expect(cells).toHaveCount(2);
    // The executor took the choice made before advancing: one dialog, not two.
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  });

  test('should stop Run All at the first cancelled cell', async ({ page }) => {
    const marker = `${await tableFolder(page)}/guard-run-all-${Date.now()}.txt`;
    await page.notebook.createNew('guard-run-all.ipynb');
    await page.notebook.setCell(0, 'code', 'before = 1');
    await page.notebook.addCell('code', `open(${JSON.stringify(marker)}, "w").close()`);
    await page.notebook.addCell('code', 'after = 2');
    await page.menu.clickMenuItem('Run>Run All Cells');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('This cell writes to protected data');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, { timeout: 60000 });
    await expect(cell(page, 1).locator('.jp-InputPrompt')).toHaveText('[ ]:');
    await expect(cell(page, 2).locator('.jp-InputPrompt')).toHaveText('[ ]:');
  });
});
