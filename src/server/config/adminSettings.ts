/**
 * Settings an administrator controls, handed over by the Jupyter Server
 * extension as JSON in `DUAL_LAYOUT_SETTINGS` (see
 * `jupyterlab_dual_layout/extension.py`). Users can add protections in their
 * own settings but never loosen these.
 */

export const SETTINGS_ENV = 'DUAL_LAYOUT_SETTINGS';

export type GuardMode = 'off' | 'warn' | 'block';
export const GUARD_MODES: readonly GuardMode[] = ['off', 'warn', 'block'];

export interface AdminSettings {
  protectedPaths: string[];
  allowedPaths: string[];
  /** The least strict write-guard mode users may choose. */
  guardMode: GuardMode;
  /** Catalog names to show; empty shows every configured catalog. */
  catalogs: string[];
  sparkProfile: Record<string, unknown>;
  daskProfile: Record<string, unknown>;
  /** Where published verdicts are read (`dual-layout check --publish`); `''` for none. */
  verdictStore: string;
}

export const DEFAULT_ADMIN_SETTINGS: Readonly<AdminSettings> = Object.freeze({
  protectedPaths: [],
  allowedPaths: [],
  guardMode: 'warn',
  catalogs: [],
  sparkProfile: {},
  daskProfile: {},
  verdictStore: ''
});

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Read and validate `DUAL_LAYOUT_SETTINGS`; unset means the defaults. */
export function adminSettingsFromEnv(env: NodeJS.ProcessEnv): AdminSettings {
  const text = env[SETTINGS_ENV];
  return text ? parseAdminSettings(text) : { ...DEFAULT_ADMIN_SETTINGS };
}

export function parseAdminSettings(text: string): AdminSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SettingsError(`${SETTINGS_ENV} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(raw)) {
    throw new SettingsError(`${SETTINGS_ENV} must be a JSON object`);
  }
  const known = Object.keys(DEFAULT_ADMIN_SETTINGS);
  const unknown = Object.keys(raw).filter(key => !known.includes(key));
  if (unknown.length > 0) {
    throw new SettingsError(`${SETTINGS_ENV} has unknown setting(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const guardMode = raw.guardMode ?? DEFAULT_ADMIN_SETTINGS.guardMode;
  if (typeof guardMode !== 'string' || !GUARD_MODES.includes(guardMode as GuardMode)) {
    throw new SettingsError(`${SETTINGS_ENV}.guardMode must be one of ${GUARD_MODES.join(', ')}, not ${JSON.stringify(guardMode)}`);
  }
  const verdictStore = raw.verdictStore ?? '';
  if (typeof verdictStore !== 'string') {
    throw new SettingsError(`${SETTINGS_ENV}.verdictStore must be a string (a folder or an s3://bucket/prefix)`);
  }
  return {
    verdictStore: verdictStore.trim(),
    protectedPaths: stringList(raw, 'protectedPaths'),
    allowedPaths: stringList(raw, 'allowedPaths'),
    guardMode: guardMode as GuardMode,
    catalogs: stringList(raw, 'catalogs').map(name => name.toLowerCase()),
    sparkProfile: profile(raw, 'sparkProfile'),
    daskProfile: profile(raw, 'daskProfile')
  };
}

function stringList(raw: Record<string, unknown>, key: string): string[] {
  const value = raw[key] ?? [];
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string' || item.trim() === '')) {
    throw new SettingsError(`${SETTINGS_ENV}.${key} must be a list of non-empty strings`);
  }
  return value as string[];
}

function profile(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = raw[key] ?? {};
  if (!isPlainObject(value)) {
    throw new SettingsError(`${SETTINGS_ENV}.${key} must be a JSON object`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
