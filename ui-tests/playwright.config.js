/**
 * Galata UI tests, run in Debian's Chromium (Playwright cannot download its
 * own browsers here) against a real JupyterLab on a freshly built demo lakehouse.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = process.env.DUAL_LAYOUT_UI_PORT || '8898';
const baseURL = `http://127.0.0.1:${port}`;

module.exports = {
  ...baseConfig,
  // One JupyterLab, one kernel at a time: the machine has two cores.
  workers: 1,
  // The machine is shared and loaded; one retry absorbs a slow start of JupyterLab, never a wrong result.
  retries: 1,
  timeout: 300000,
  expect: { timeout: 30000, toHaveScreenshot: { maxDiffPixelRatio: 0.02 } },
  snapshotPathTemplate: '{testDir}/{testFileName}-snapshots/{arg}{ext}',
  use: {
    ...baseConfig.use,
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    }
  },
  webServer: {
    command: 'npm start',
    url: `${baseURL}/lab`,
    timeout: 240000,
    reuseExistingServer: !process.env.CI,
    env: { ...process.env, DUAL_LAYOUT_UI_PORT: port }
  }
};
