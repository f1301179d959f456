/**
 * Galata's test, made patient: on a loaded two-core CI machine JupyterLab can
 * take longer than Galata's fixed 15 s waits to start or open a notebook, and
 * a slow machine is not what these tests are about. Assertions keep their own
 * timeouts; only Galata's internal waits get longer.
 */
import { expect, test as base } from '@jupyterlab/galata';

const PATIENT_WAIT_MS = 120000;

// Galata's helpers call the exported waitForCondition through the module object, so wrapping it reaches them all.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const galataUtils = require('@jupyterlab/galata/lib/utils');
const waitForCondition = galataUtils.waitForCondition;
galataUtils.waitForCondition = (condition: () => boolean | Promise<boolean>, timeout?: number) =>
  waitForCondition(condition, Math.max(timeout ?? 0, PATIENT_WAIT_MS));

export const test = base.extend({
  waitForApplication: async ({}, use) => {
    await use(async page => {
      await page.waitForSelector('#jupyterlab-splash', { state: 'detached', timeout: PATIENT_WAIT_MS });
      await page.locator('.jp-Launcher').first().waitFor({ state: 'visible', timeout: PATIENT_WAIT_MS });
    });
  }
});

export { expect };
