import { execFileSync } from 'child_process';
import * as path from 'path';
import type { Page } from '@playwright/test';
import { DEMO, SCREENSHOTS, SIDEBAR_ID } from './demo';
import { expect, test } from './fixtures';

/** The lakehouse start-lab.sh built, and the Python that built it. */
const LAKEHOUSE = process.env.DUAL_LAYOUT_UI_LAKEHOUSE ?? '/tmp/dual-layout-ui-lakehouse';
const PYTHON = path.join(process.env.DUAL_LAYOUT_VENV ?? path.resolve(__dirname, '..', '..', '.venv'), 'bin', 'python');
const BROKEN = 'broken_metadata';

/** pyiceberg against the demo catalog; prints what the script prints. */
function pyiceberg(script: string): string {
  const prelude = `from pyiceberg.catalog import load_catalog\ncatalog = load_catalog(${JSON.stringify(DEMO.catalog)})\n`;
  return execFileSync(PYTHON, ['-c', prelude + script], { encoding: 'utf8', env: { ...process.env, PYICEBERG_HOME: LAKEHOUSE } }).trim();
}

function cell(page: Page, index: number) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

test.describe('Protection based on the catalog only', () => {
  test.setTimeout(300000);
  let location: string;

  test.beforeAll(() => {
    // A table whose current metadata file was cut short, as an interrupted copy leaves it.
    location = pyiceberg(
      [
        'import pyarrow as pa, os',
        `table = catalog.create_table("${DEMO.namespace}.${BROKEN}", schema=pa.schema([("id", pa.int64())]))`,
        'table.append(pa.table({"id": [1, 2, 3]}))',
        'path = table.metadata_location.removeprefix("file://")',
        'os.truncate(path, os.path.getsize(path) // 2)',
        'print(table.metadata.location.removeprefix("file://"))'
      ].join('\n')
    );
  });

  test.afterAll(() => {
    // The other UI tests see the demo lakehouse as it was, even when this one failed half-way.
    const name = `"${DEMO.namespace}.${BROKEN}"`;
    pyiceberg(`if catalog.table_exists(${name}):\n    catalog.drop_table(${name})`);
  });

  test('should say so in the sidebar and in the guard’s dialog, naming the table', async ({ page }) => {
    const broken = `${DEMO.catalog}.${DEMO.namespace}.${BROKEN}`;
    await page.sidebar.openTab(SIDEBAR_ID);
    const sidebar = page.locator(`#${SIDEBAR_ID}`);
    await sidebar.getByRole('button', { name: 'Refresh catalogs and verdicts' }).click();
    const notice = sidebar.locator('.jp-DualLayout-ProtectionNotice');
    await expect(notice).toContainText('Protection for 1 table is based on the catalog only');
    await notice.locator('summary').click();
    await expect(notice.locator('.jp-DualLayout-ProtectionName')).toHaveText([broken]);
    await expect(notice.locator('.jp-DualLayout-ProtectionReason')).toContainText(/metadata\.json: .*JSON/);
    await sidebar.screenshot({ path: `${SCREENSHOTS}/sidebar-protection-notice.png` });

    await page.notebook.createNew('protection.ipynb');
    await page.notebook.setCell(0, 'code', `open(${JSON.stringify(`${location}/data/extra.txt`)}, "w").close()`);
    await page.notebook.selectCells(0);
    await page.keyboard.press('Control+Enter');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-DualLayout-GuardFindings tbody tr')).toContainText(broken);
    await expect(dialog.locator('.jp-DualLayout-ProtectionNotice')).toContainText('Protection for 1 table is based on the catalog only');
    await dialog.locator('.jp-DualLayout-ProtectionNotice summary').click();
    await expect(dialog.locator('.jp-DualLayout-ProtectionName')).toHaveText([broken]);
    await page.screenshot({ path: `${SCREENSHOTS}/guard-dialog-catalog-only.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText('[ ]:');

    // Once the table is gone from the catalog, Refresh takes the notice away (and the helper
    // forgets its table list, so the next tests see the demo as it was).
    pyiceberg(`catalog.drop_table("${DEMO.namespace}.${BROKEN}")`);
    await sidebar.getByRole('button', { name: 'Refresh catalogs and verdicts' }).click();
    await expect(sidebar.locator('.jp-DualLayout-ProtectionNotice')).toHaveCount(0);
  });
});
