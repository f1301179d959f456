/**
 * Running verifier checks in the background: progress for polling, cancel
 * through an AbortSignal, and verdicts cached by metadata location so an
 * unchanged table is never checked twice.
 */
import { randomUUID } from 'node:crypto';
import type { CheckProgress, Verdict } from '../../core/api/wire';

export type CheckRunner = (table: string, options: { signal: AbortSignal; onProgress: (done: number, total: number) => void }) => Promise<Verdict>;

interface Job {
  progress: CheckProgress;
  controller: AbortController;
  finished: Promise<Verdict | undefined>;
  endedAt?: number;
}

const MAX_CACHED_VERDICTS = 20000;
const FINISHED_JOB_TTL_MS = 10 * 60 * 1000;

export class CheckManager {
  private readonly jobs = new Map<string, Job>();
  private readonly runningByTable = new Map<string, string>();
  /** Latest verdict per table, and verdicts by the metadata file they describe. */
  private readonly latest = new Map<string, Verdict>();

  constructor(private readonly runner: CheckRunner) {}

  verdict(table: string, metadataLocation?: string): Verdict | null {
    const verdict = this.latest.get(table);
    if (!verdict || (metadataLocation && verdict.metadataLocation !== metadataLocation)) {
      return null;
    }
    return verdict;
  }

  /** Start a check, or return the one already running for this table. */
  start(table: string): CheckProgress {
    const running = this.runningByTable.get(table);
    if (running) {
      return this.jobs.get(running)!.progress;
    }
    this.expireFinishedJobs();
    const checkId = randomUUID();
    const controller = new AbortController();
    const progress: CheckProgress = { checkId, table, state: 'running', done: 0, total: 0 };
    const finished = this.runner(table, {
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.done = done;
        progress.total = total;
      }
    }).then(
      verdict => {
        progress.state = controller.signal.aborted ? 'cancelled' : 'done';
        if (!controller.signal.aborted) {
          progress.verdict = verdict;
          this.remember(verdict);
        }
        return verdict;
      },
      (error: Error) => {
        progress.state = controller.signal.aborted ? 'cancelled' : 'error';
        if (!controller.signal.aborted) {
          progress.verdict = { table, status: 'error', snapshot: null, layout: null, findings: [], error: error.message };
        }
        return undefined;
      }
    );
    const job: Job = { progress, controller, finished };
    this.jobs.set(checkId, job);
    this.runningByTable.set(table, checkId);
    void finished.finally(() => {
      this.runningByTable.delete(table);
      job.endedAt = Date.now();
    });
    return progress;
  }

  progress(checkId: string): CheckProgress | null {
    return this.jobs.get(checkId)?.progress ?? null;
  }

  /** Wait for a check to end; used by synchronous callers and tests. */
  async wait(checkId: string): Promise<CheckProgress | null> {
    const job = this.jobs.get(checkId);
    if (!job) {
      return null;
    }
    await job.finished;
    return job.progress;
  }

  cancel(checkId: string): CheckProgress | null {
    const job = this.jobs.get(checkId);
    if (!job) {
      return null;
    }
    if (job.progress.state === 'running') {
      job.controller.abort();
      job.progress.state = 'cancelled';
    }
    return job.progress;
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) {
      job.controller.abort();
    }
  }

  private remember(verdict: Verdict): void {
    this.latest.delete(verdict.table);
    this.latest.set(verdict.table, verdict);
    if (this.latest.size > MAX_CACHED_VERDICTS) {
      this.latest.delete(this.latest.keys().next().value as string);
    }
  }

  private expireFinishedJobs(): void {
    const cutoff = Date.now() - FINISHED_JOB_TTL_MS;
    for (const [id, job] of this.jobs) {
      if (job.endedAt !== undefined && job.endedAt < cutoff) {
        this.jobs.delete(id);
      }
    }
  }
}
