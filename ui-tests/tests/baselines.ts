/**
 * Visual baselines: what changes from run to run is masked, so a baseline fails
 * on a change of the UI and not on a new check time, temp folder or snapshot id.
 */
import type { Locator, Page } from '@playwright/test';

const VOLATILE = [
  // "Checked 2026-…", and any note that carries a time or a count of seconds.
  '.jp-DualLayout-Verdict .jp-DualLayout-Note',
  // Facts: last-updated time, the lakehouse's temp location, snapshot ids.
  '.jp-DualLayout-Facts dd',
  // Snapshot ids and times.
  '.jp-DualLayout-Section-snapshots table',
  // Paths under the run's temp lakehouse (findings, examples, guard targets).
  '.jp-DualLayout-Path',
  '.jp-DualLayout-GuardTarget',
  // The repair plan's words name the snapshots it expires and starts from (new ids in every lakehouse built).
  '.jp-DualLayout-Section-repair .jp-DualLayout-Warning',
  '.jp-DualLayout-RepairWhy',
  '.jp-DualLayout-RepairAssumptions'
];

export function volatileParts(page: Page): Locator[] {
  return VOLATILE.map(selector => page.locator(selector));
}

/** Scrolls the details view until the findings' first row sits under their sticky header. */
export async function scrollFindingsUnderHeader(page: Page): Promise<void> {
  await page.locator('.jp-DualLayout-Details').evaluate(scroller => {
    const row = scroller.querySelector('.jp-DualLayout-Section-findings tbody tr');
    if (row) {
      scroller.scrollTop += row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    }
  });
}
