/**
 * The write guard's contract on the front end: one service, provided by the
 * guard plugin, that the notebook and console executors and the editor
 * markers use.
 */
import type { UnavailableCatalog, UnavailableTable } from '../../core/api/wire';
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

/** What the helper's policy could not base on table metadata, from its `GET policy`. */
export interface IProtectionGaps {
  /** Tables protected only where their catalog says they live: their metadata could not be read. */
  readonly tables: readonly UnavailableTable[];
  /** Catalogs whose tables could not be listed, so none of them is protected. */
  readonly catalogs: readonly UnavailableCatalog[];
}

export interface IWriteGuard {
  /** The effective mode: the stricter of the user's and the administrator's. */
  readonly mode: GuardMode;
  readonly inlineMarkers: boolean;
  /** The policy's gaps, empty until the policy is loaded. */
  readonly protectionGaps: IProtectionGaps;
  /** Emitted when the policy or the settings change. */
  readonly changed: ISignal<IWriteGuard, void>;
  /** Load the policy now if it is missing or stale (`force`: in any case); never rejects. */
  loadPolicy(options?: { force?: boolean }): Promise<void>;
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
