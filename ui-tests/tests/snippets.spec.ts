import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { luminance } from './contrast';
import { DEMO, SCREENSHOTS, SIDEBAR_ID } from './demo';

function tableRow(page: Page, name: string) {
  return page.locator(`#${SIDEBAR_ID} .jp-DualLayout-TreeItem-table[data-table$=".${name}"]`);
}

/** The context menu's plain "Open in Dask" (its pinned sibling's label starts the same). */
function openInDaskItem(page: Page) {
  return page.locator('.lm-Menu-item[data-command="dual-layout:open-in-dask"]');
}

function cell(page: Page, index: number) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

/** The sources of a notebook's cells, from its model: a cell's editor holds only the lines on screen. */
async function cellSources(page: Page, path: string): Promise<string[]> {
  return page.evaluate(path => {
    type Panel = { context?: { path: string }; content?: { model?: { sharedModel: { cells: { getSource(): string }[] } } } };
    for (const widget of window.jupyterapp.shell.widgets('main')) {
      const panel = widget as unknown as Panel;
      // Galata opens each test's notebooks in a folder of its own.
      if (panel.context?.path.split('/').pop() === path && panel.content?.model) {
        return panel.content.model.sharedModel.cells.map(cell => cell.getSource());
      }
    }
    throw new Error(`${path} is not open`);
  }, path);
}

test.describe('Open in Dask', () => {
  test('should insert the code below the active cell, and the kernel should read the rows with it', async ({
    page
  }) => {
    await page.notebook.createNew('open-in-dask.ipynb');
    await page.notebook.setCell(0, 'code', 'first = 1');
    await page.notebook.addCell('code', 'last = 2');
    await page.notebook.selectCells(0);
    await expect(cell(page, 0)).toHaveClass(/jp-mod-active/);

    await page.sidebar.openTab(SIDEBAR_ID);
    await expect(tableRow(page, DEMO.consistentTable)).toBeVisible();
    await tableRow(page, DEMO.consistentTable).click({ button: 'right' });
    await openInDaskItem(page).click();

    // Checked first: Galata's cell readers below move the active cell themselves.
    await expect(cell(page, 1)).toHaveClass(/jp-mod-active/);
    await expect(cell(page, 1)).toBeInViewport();
    await expect(cell(page, 1)).toContainText('dd.read_parquet(');
    expect(await page.notebook.getCellCount()).toBe(3);
    const inserted = await page.notebook.getCellTextInput(1);
    expect(await page.notebook.getCellTextInput(2)).toBe('last = 2');

    const variable = /^(\w+) = dd\.read_parquet\(/m.exec(inserted)![1];
    await page.notebook.runCell(1);
    const preview = cell(page, 1).locator('.jp-OutputArea-output');
    await expect(preview.locator('table.dataframe')).toBeVisible({ timeout: 120000 });
    await expect(preview).toContainText('region');
    await cell(page, 1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/open-in-dask.png` });
    // The whole table, computed in the kernel, has the rows the demo wrote.
    await page.notebook.addCell('code', `len(${variable}.compute())`);
    await page.notebook.runCell(3);
    await expect(cell(page, 3).locator('.jp-OutputArea-output')).toHaveText(/^\d+$/, { timeout: 120000 });
    const details = await page.request.get(`dual-layout/api/tables/${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`);
    const { recordCount } = (await details.json()) as { recordCount: number };
    expect(Number(await cell(page, 3).locator('.jp-OutputArea-output').textContent())).toBe(recordCount);
  });

  test('should offer the snapshot-pinned read first for a drifted table', async ({ page }) => {
    await page.notebook.createNew('pinned.ipynb');
    await page.sidebar.openTab(SIDEBAR_ID);
    await tableRow(page, DEMO.driftedTable).click();
    await expect(tableRow(page, DEMO.driftedTable).locator('.jp-DualLayout-Badge')).toHaveText('drift', {
      timeout: 60000
    });
    await page.notebook.activate('pinned.ipynb');
    await tableRow(page, DEMO.driftedTable).click({ button: 'right' });
    await openInDaskItem(page).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('The Hive view differs from Iceberg');
    await page.screenshot({ path: `${SCREENSHOTS}/drift-offers-pinned.png` });
    await dialog.getByRole('button', { name: 'Use the snapshot-pinned read' }).click();
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    expect(await page.notebook.getCellTextInput(1)).toContain('dd.from_map(');
    // Undoing the cell operation in command mode takes the insertion back.
    await page.notebook.selectCells(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect.poll(() => page.notebook.getCellCount()).toBe(1);
  });

  test('should offer the snapshot-pinned read first for a table not laid out as plain Hive, and it should read Iceberg’s rows', async ({
    page
  }) => {
    const { namespace, name } = DEMO.objectStorageTable;
    const id = `${DEMO.catalog}.${namespace}.${name}`;
    await page.notebook.createNew('layout-pinned.ipynb');
    await page.sidebar.openTab(SIDEBAR_ID);
    await tableRow(page, name).click();
    await expect(tableRow(page, name).locator('.jp-DualLayout-LayoutChip')).toBeVisible({ timeout: 60000 });
    const verdict = (await (await page.request.get(`dual-layout/api/tables/${id}/verdict`)).json()) as {
      status: string;
      layout: { kind: string; explanation: string };
    };
    expect([verdict.status, verdict.layout.kind]).toEqual(['consistent', 'object-storage']);

    await page.notebook.activate('layout-pinned.ipynb');
    await tableRow(page, name).click({ button: 'right' });
    await openInDaskItem(page).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(`${id} is not laid out as plain Hive partitions`);
    await expect(dialog).toContainText(verdict.layout.explanation);
    await dialog.getByRole('button', { name: 'Use the snapshot-pinned read' }).click();
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    const inserted = await page.notebook.getCellTextInput(1);
    expect(inserted).toContain('dd.from_map(');

    const variable = /^(\w+) = dd\.from_map\(/m.exec(inserted)![1];
    await page.notebook.addCell('code', `len(${variable}.compute())`);
    await page.notebook.runCell(1);
    await page.notebook.runCell(2);
    const output = cell(page, 2).locator('.jp-OutputArea-output');
    await expect(output).toHaveText(/^\d+$/, { timeout: 120000 });
    const details = await page.request.get(`dual-layout/api/tables/${id}`);
    const { recordCount } = (await details.json()) as { recordCount: number };
    expect(Number(await output.textContent())).toBe(recordCount);
  });
});

test.describe('Filtered reads', () => {
  test('should prefill the filter with a real partition, explain a bad one inline, and read only the matching rows', async ({ page }) => {
    const id = `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`;
    await page.notebook.createNew('filtered.ipynb');
    await page.sidebar.openTab(SIDEBAR_ID);
    await tableRow(page, DEMO.consistentTable).click();
    const details = page.locator('.jp-DualLayout-Details');
    await expect(details.getByRole('heading', { level: 1, name: id })).toBeVisible();
    const filter = details.getByRole('textbox', { name: 'Filter on partition columns for Open in Dask and Open in Spark' });
    // Prefilled from a partition the table has: the read it gives is never empty.
    await expect(filter).toHaveValue(/^region = '[^']+'$/, { timeout: 60000 });
    const prefilled = await filter.inputValue();

    await filter.fill("region = 'EU' OR night = 1");
    await expect(details.getByRole('alert')).toHaveText(
      `Invalid filter on ${id}: OR is not supported: only AND joins conditions (write IN (…) for several values of one column).`
    );
    await expect(filter).toHaveAttribute('aria-invalid', 'true');
    await details.screenshot({ path: `${SCREENSHOTS}/filter-invalid.png` });

    await filter.fill(prefilled);
    await expect(details.getByRole('alert')).toHaveCount(0);
    // Clicked in the details view (a tab beside the notebook): the code goes to the last active notebook.
    await details.getByRole('button', { name: 'Open in Dask', exact: true }).click();
    await page.notebook.activate('filtered.ipynb');
    await expect.poll(() => page.notebook.getCellCount()).toBe(2);
    // The notebook was hidden behind the details: read the code from its model (Galata's getCellTextInput answers ""
    // for a cell inserted while its notebook was hidden, and the cell's editor holds only the lines on screen).
    const code = (await cellSources(page, 'filtered.ipynb'))[1];
    expect(code).toContain('partition_tests = {');
    expect(code).toContain(`# Dask: ${id} where ${prefilled}`);

    const variable = /^(\w+) = dd\.read_parquet\(/m.exec(code)![1];
    await page.notebook.runCell(1);
    await expect(cell(page, 1).locator('.jp-OutputArea-output table.dataframe')).toBeVisible({ timeout: 120000 });
    // Every row is in the filtered region, and the frame has as many rows as Iceberg holds for it.
    const region = /^region = '(.*)'$/.exec(prefilled)![1].replace(/''/g, "'");
    await page.notebook.addCell('code', `sorted(set(${variable}["region"].compute())), len(${variable}.compute()), len(${variable}_files)`);
    // Running the last cell appended an empty one below it: the check is the notebook's last cell.
    const check = (await page.notebook.getCellCount()) - 1;
    await page.notebook.runCell(check);
    const output = cell(page, check).locator('.jp-OutputArea-output');
    await expect(output).toContainText(`(['${region}'], `, { timeout: 120000 });
    await page.screenshot({ path: `${SCREENSHOTS}/filtered-dask-read.png` });
    const partitions = await page.request.get(`dual-layout/api/tables/${id}`);
    const stats = ((await partitions.json()) as { partitions: { path: string; fileCount: number; recordCount: number }[] }).partitions.filter(
      p => decodeURIComponent(p.path.split('/')[0].replace(/\+/g, ' ')) === `region=${region}`
    );
    const [, rows, files] = /\], (\d+), (\d+)\)$/.exec((await output.textContent())!.trim())!;
    expect(Number(rows)).toBe(stats.reduce((sum, p) => sum + p.recordCount, 0));
    expect(Number(files)).toBe(stats.reduce((sum, p) => sum + p.fileCount, 0));
  });

  test('should keep the filter and its error readable in the dark theme, red while the user types', async ({ page }) => {
    const id = `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`;
    await page.theme.setDarkTheme();
    await page.sidebar.openTab(SIDEBAR_ID);
    await tableRow(page, DEMO.consistentTable).click();
    const details = page.locator('.jp-DualLayout-Details');
    await expect(details.getByRole('heading', { level: 1, name: id })).toBeVisible();
    const filter = details.getByRole('textbox', { name: 'Filter on partition columns for Open in Dask and Open in Spark' });
    await expect(filter).toHaveValue(/^region = '[^']+'$/, { timeout: 60000 });
    await filter.fill('depth = 3');
    const error = details.getByRole('alert');
    await expect(error).toHaveText(new RegExp(`^Invalid filter on ${id.replace(/\./g, '\\.')}: depth is not a partition source column; .*\\bregion\\b.*\\.$`));
    const background = await details.evaluate(el => getComputedStyle(el).backgroundColor);
    const [field, typed] = await filter.evaluate(el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(luminance(background)).toBeLessThan(0.2);
    expect(luminance(field)).toBeLessThan(0.3);
    expect(luminance(typed)).toBeGreaterThan(0.5);
    expect(luminance(await error.evaluate(el => getComputedStyle(el).color))).toBeGreaterThan(0.3);
    // Still typing (focused), the field is red and shows the predicate as code, whatever JupyterLab's input styles say.
    await expect(filter).toBeFocused();
    const [look, expected] = await filter.evaluate(el => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--jp-error-color1)';
      probe.style.fontSize = 'var(--jp-code-font-size)';
      el.parentElement!.appendChild(probe);
      const want = [getComputedStyle(probe).color, getComputedStyle(probe).fontSize];
      probe.remove();
      return [[getComputedStyle(el).borderTopColor, getComputedStyle(el).fontSize], want];
    });
    expect(look).toEqual(expected);
    // The message wraps inside the view: nothing of it is cut off at the right.
    expect(await error.evaluate(el => el.scrollWidth <= el.clientWidth)).toBe(true);
    await details.screenshot({ path: `${SCREENSHOTS}/filter-invalid-dark.png` });
    await page.theme.setLightTheme();
  });
});

test.describe('Column projection', () => {
  test('should read only the columns picked beside the filter, in the table’s order, the filter still applied', async ({ page }) => {
    const id = `${DEMO.catalog}.${DEMO.namespace}.${DEMO.consistentTable}`;
    const notebook = 'columns.ipynb';
    const table = (await (await page.request.get(`dual-layout/api/tables/${id}`)).json()) as {
      schema: { fields: { name: string }[] };
      partitions: { path: string; recordCount: number }[];
    };
    const names = table.schema.fields.map(field => field.name);
    expect(names).toEqual(expect.arrayContaining(['obs_id', 'magnitude', 'region']));
    await page.notebook.createNew(notebook);
    await page.sidebar.openTab(SIDEBAR_ID);
    await tableRow(page, DEMO.consistentTable).click();
    const details = page.locator('.jp-DualLayout-Details');
    const filter = details.getByRole('textbox', { name: 'Filter on partition columns for Open in Dask and Open in Spark' });
    await expect(filter).toHaveValue(/^region = '[^']+'$/, { timeout: 60000 });
    const region = /^region = '(.*)'$/.exec(await filter.inputValue())![1].replace(/''/g, "'");

    // Every column until the user picks: "all" sends no column list.
    const toggle = details.getByRole('button', { name: /^Columns for Open in Dask and Open in Spark: / });
    await expect(toggle).toHaveAccessibleName(`Columns for Open in Dask and Open in Spark: all ${names.length}`);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const chooser = details.getByRole('group', { name: 'Columns to read' });
    const box = (name: string) => chooser.getByRole('checkbox', { name: new RegExp(`^${name} `) });
    await expect(chooser.getByRole('checkbox')).toHaveCount(names.length);
    for (const name of names) {
      await expect(box(name)).toBeChecked();
    }
    await expect(box('region')).toHaveAccessibleName('region string partition');
    await expect(chooser.getByRole('button', { name: 'Check all' })).toBeDisabled();

    // Picked as a user would: "only" on one column, then a check on one the table lists before it.
    await chooser.getByRole('button', { name: 'Read only magnitude', exact: true }).click();
    await expect(box('magnitude')).toBeChecked();
    await expect(box('magnitude')).toBeDisabled();
    await expect(box('obs_id')).not.toBeChecked();
    await box('obs_id').check();
    await expect(box('magnitude')).toBeEnabled();
    await expect(chooser.getByRole('checkbox', { checked: true })).toHaveCount(2);
    await expect(toggle).toHaveAccessibleName('Columns for Open in Dask and Open in Spark: obs_id, magnitude');
    await expect(details.locator('.jp-DualLayout-Filter')).toContainText(
      'The filter still applies to region, which the frame leaves out: check it to keep it.'
    );
    await page.mouse.move(0, 0);
    await details.locator('.jp-DualLayout-DetailsHeader').screenshot({ path: `${SCREENSHOTS}/column-chooser-light.png` });
    // Escape folds the list and gives the focus back to its button; the choice stays.
    await box('obs_id').focus();
    await page.keyboard.press('Escape');
    await expect(chooser).toHaveCount(0);
    await expect(toggle).toBeFocused();
    await expect(toggle).toHaveAccessibleName('Columns for Open in Dask and Open in Spark: obs_id, magnitude');

    const insert = async (button: string, marker: string): Promise<{ index: number; code: string }> => {
      expect(await page.activity.activateTab(DEMO.consistentTable)).toBe(true);
      const count = (await cellSources(page, notebook)).length;
      await details.getByRole('button', { name: button, exact: true }).click();
      await expect.poll(async () => (await cellSources(page, notebook)).length).toBe(count + 1);
      const sources = await cellSources(page, notebook);
      const index = sources.findIndex(source => source.includes(marker));
      expect(index).toBeGreaterThan(0);
      await page.notebook.activate(notebook);
      return { index, code: sources[index] };
    };
    const frameCheck = async (index: number, variable: string): Promise<string> => {
      await page.notebook.runCell(index);
      await page.notebook.addCell('code', `list(${variable}.columns), len(${variable}.compute())`);
      // Running a notebook's last cell appends an empty one: the check is the last cell that has code.
      const check = (await cellSources(page, notebook)).findLastIndex(source => source.includes(`list(${variable}.columns)`));
      await page.notebook.runCell(check);
      const output = cell(page, check).locator('.jp-OutputArea-output');
      await expect(output).toHaveText(/^\(\[.*\], \d+\)$/, { timeout: 120000 });
      return (await output.textContent())!;
    };
    const rows = table.partitions
      .filter(p => decodeURIComponent(p.path.split('/')[0].replace(/\+/g, ' ')) === `region=${region}`)
      .reduce((sum, p) => sum + p.recordCount, 0);
    expect(rows).toBeGreaterThan(0);

    // The Hive read loads the two columns from the files, and opens only the filtered partitions.
    const read = await insert('Open in Dask', 'dd.read_parquet(');
    expect(read.code).toContain(`# Dask: ${id} where region = `);
    expect(read.code).toContain('columns=["obs_id", "magnitude"],  # only these columns are read from the files');
    const readVariable = /^(\w+) = dd\.read_parquet\(/m.exec(read.code)![1];
    expect(await frameCheck(read.index, readVariable)).toBe(`(['obs_id', 'magnitude'], ${rows})`);

    // The snapshot-pinned read hands them to Iceberg's scan.
    const pinned = await insert('Open in Dask (pinned to snapshot)', 'dd.from_map(');
    expect(pinned.code).toContain('selected_fields=("obs_id", "magnitude",),');
    const pinnedVariable = /^(\w+) = dd\.from_map\(/m.exec(pinned.code)![1];
    expect(await frameCheck(pinned.index, pinnedVariable)).toBe(`(['obs_id', 'magnitude'], ${rows})`);
    await page.screenshot({ path: `${SCREENSHOTS}/column-projection-dask.png` });

    // Spark filters, then selects them.
    const spark = await insert('Open in Spark', 'spark.table(');
    expect(spark.code).toMatch(/^(\w+) = \1\.select\(\1\["obs_id"\], \1\["magnitude"\]\)$/m);

    await page.theme.setDarkTheme();
    expect(await page.activity.activateTab(DEMO.consistentTable)).toBe(true);
    await toggle.click();
    await expect(chooser.getByRole('checkbox', { checked: true })).toHaveCount(2);
    const background = await details.evaluate(el => getComputedStyle(el).backgroundColor);
    expect(luminance(background)).toBeLessThan(0.2);
    expect(luminance(await box('obs_id').evaluate(el => getComputedStyle(el.closest('label')!).color))).toBeGreaterThan(0.5);
    await page.mouse.move(0, 0);
    await details.locator('.jp-DualLayout-DetailsHeader').screenshot({ path: `${SCREENSHOTS}/column-chooser-dark.png` });
    await page.theme.setLightTheme();
  });
});
