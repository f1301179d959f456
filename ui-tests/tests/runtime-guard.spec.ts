import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { DEMO } from './demo';

const TABLE = `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`;

/**
 * A cell that writes into the demo table's folder in ways the browser's guard cannot read: the
 * folder comes from the policy file named by an environment variable, and `open` from `getattr`.
 */
function hiddenWrite(name: string): string {
  return [
    'import json, os',
    'policy = json.load(open(os.environ["DUAL_LAYOUT_POLICY"]))',
    `folder = next(e["location"] for e in policy["protected"] if e["table"] == ${JSON.stringify(TABLE)})`,
    `target = folder.removeprefix("file://") + "/" + ${JSON.stringify(name)}`,
    'w = getattr(__builtins__, "op" + "en")',
    'w(target, "w").write("hidden")'
  ].join('\n');
}

/** The demo table's folder on disk, from the helper. */
async function tableFolder(page: Page): Promise<string> {
  const response = await page.request.get(`/dual-layout/api/tables/${TABLE}`);
  expect(response.status()).toBe(200);
  const location = ((await response.json()) as { location: string }).location;
  return decodeURIComponent(location.replace(/^file:\/\//, ''));
}

function cell(page: Page, index: number) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

async function setLastCell(page: Page, source: string): Promise<number> {
  await page.notebook.addCell('code', source);
  return (await page.notebook.getCellCount()) - 1;
}

/** Run with the keyboard: Galata's runCell waits for the kernel, which a guarded cell does not reach. */
async function startCell(page: Page, index: number): Promise<void> {
  await page.notebook.selectCells(index);
  await page.keyboard.press('Control+Enter');
}

async function outputOf(page: Page, index: number): Promise<string> {
  const area = cell(page, index).locator('.jp-OutputArea-output');
  await expect(area.first()).toBeVisible({ timeout: 60000 });
  return (await area.allInnerTexts()).join('\n').trim();
}

async function exists(page: Page, path: string): Promise<string> {
  const index = await setLastCell(page, `import os\nprint(os.path.exists(${JSON.stringify(path)}))`);
  await page.notebook.runCell(index);
  return outputOf(page, index);
}

test.describe('Runtime write guard', () => {
  test.setTimeout(300000);

  test('should stop a write the static guard cannot see, in the kernel, before anything is written', async ({ page }) => {
    const name = `runtime-guard-${Date.now()}.txt`;
    await page.notebook.createNew('runtime-guard.ipynb');
    await page.notebook.setCell(0, 'code', hiddenWrite(name));
    await startCell(page, 0);
    // No dialog: the browser's guard saw no write, so the kernel's guard is what stops it.
    const output = await outputOf(page, 0);
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    expect(output).toContain('ProtectedWriteError');
    expect(output).toContain(`inside the protected table ${TABLE}`);
    expect(output).toContain('Nothing was written.');
    expect(await exists(page, `${await tableFolder(page)}/${name}`)).toBe('False');
  });

  test('should let Run anyway write from exactly that cell', async ({ page }) => {
    const folder = await tableFolder(page);
    const allowed = `${folder}/runtime-guard-allowed-${Date.now()}.txt`;
    const hidden = `runtime-guard-after-${Date.now()}.txt`;
    await page.notebook.createNew('runtime-guard-run-anyway.ipynb');
    await page.notebook.setCell(0, 'code', `with open(${JSON.stringify(allowed)}, "w") as f:\n    f.write("allowed")`);
    await startCell(page, 0);
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Run anyway' }).click();
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, { timeout: 60000 });
    expect(await exists(page, allowed)).toBe('True');

    // The allowance was for that one cell: the next hidden write is refused again.
    const next = await setLastCell(page, hiddenWrite(hidden));
    await startCell(page, next);
    expect(await outputOf(page, next)).toContain('ProtectedWriteError');
    expect(await exists(page, `${folder}/${hidden}`)).toBe('False');

    // Leave the demo table as we found it (removing the file is a write too).
    const cleanup = await setLastCell(page, `os.remove(${JSON.stringify(allowed)})`);
    await startCell(page, cleanup);
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Run anyway' }).click();
    await expect(cell(page, cleanup).locator('.jp-InputPrompt')).toHaveText(/\[\d+\]:/, { timeout: 60000 });
    expect(await exists(page, allowed)).toBe('False');
  });
});
