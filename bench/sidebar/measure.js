// Times, in Debian's Chromium, what a scientist waits for in the sidebar: the tree appearing after
// opening the panel, and search results after typing. Prints one JSON line of milliseconds.
// Usage: node measure.js <lab url with token> <query> <expected table name> <runs>
const path = require('path');
const { chromium } = require(path.join(__dirname, '../../ui-tests/node_modules/playwright'));

const [url, query, expected, runs] = process.argv.slice(2);
const TABLE_ROW = '.jp-DualLayout-TreeItem-table';

async function once(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const tab = 'li[data-id="jp-DualLayout-sidebar"]';
  await page.waitForSelector(tab, { timeout: 120000 });
  // JupyterLab may restore the panel open; start from a closed one.
  if (await page.isVisible('#jp-DualLayout-sidebar')) {
    await page.click(tab);
    await page.waitForSelector('#jp-DualLayout-sidebar', { state: 'hidden' });
  }
  const openStart = Date.now();
  await page.click(tab);
  await page.waitForSelector('#jp-DualLayout-sidebar .jp-DualLayout-TreeItem', { state: 'visible', timeout: 120000 });
  const open = Date.now() - openStart;
  const search = page.getByRole('searchbox', { name: 'Search tables by name' });
  const searchStart = Date.now();
  await search.fill(query);
  await page.waitForSelector(`${TABLE_ROW}[data-table$=".${expected}"]`, { timeout: 120000 });
  const found = Date.now() - searchStart;
  await page.close();
  return { open, search: found };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const samples = [];
  for (let i = 0; i < Number(runs); i++) {
    samples.push(await once(browser));
  }
  await browser.close();
  console.log(JSON.stringify(samples));
})().catch(error => {
  console.error(error);
  process.exit(1);
});
