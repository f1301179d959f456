/**
 * The write guard's contract on the front end: one service, provided by the
 * guard plugin, that the notebook and console executors and the editor
 * markers use.
 */
import type { CellAnalysis, GuardFinding } from '../../core/guard';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

export type GuardMode = 'off' | 'warn' | 'block';

/** Least to most strict: the admin's mode is a floor users cannot go below. */
export const GUARD_MODES: readonly GuardMode[] = ['off', 'warn', 'block'];

export const GUARD_PLUGIN_ID = 'jupyterlab-dual-layout:guard';

/** The user's settings (schema/guard.json). */
export interface IGuardSettings {
  mode: GuardMode;
  protectedPaths: string[];
  inlineMarkers: boolean;
}

export interface IWriteGuard {
  /** The effective mode: the stricter of the user's and the administrator's. */
  readonly mode: GuardMode;
  readonly inlineMarkers: boolean;
  /** Emitted when the policy or the settings change. */
  readonly changed: ISignal<IWriteGuard, void>;
  /**
   * Analyse the last of `sources` after the others (earlier cells in notebook
   * order). `key` identifies the notebook or console whose work is reused;
   * `cwd`, the kernel's directory when known, resolves relative paths.
   */
  analyze(key: object, sources: string[], cwd?: string): Promise<CellAnalysis>;
  /** Like `analyze`, without waiting for the policy: for markers while typing. */
  analyzeNow(key: object, sources: string[], cwd?: string): CellAnalysis;
  /** Ask the user about findings; resolves true when the cell may run. */
  confirm(findings: GuardFinding[], where: string): Promise<boolean>;
}

export const IWriteGuard = new Token<IWriteGuard>(
  'jupyterlab-dual-layout:IWriteGuard',
  'Analyses cells before they run and asks before writes to protected tables and paths.'
);
