/**
 * Which targets the guard protects: table locations and identifiers from the
 * helper, admin `protectedPaths`, minus `allowedPaths`, longest match winning.
 */
import type { Policy } from '../api/wire';
import { HOLE, NormalisedPath, formatPath, isWithin, normalisePath } from './paths';

export interface ProtectionMatch {
  /** The protected table, or null for a bare protected path. */
  table: string | null;
}

interface PathEntry {
  path: NormalisedPath;
  table: string | null;
  allowed: boolean;
}

interface TableEntry {
  table: string;
  /** Lower-cased `[catalog, ...namespace, name]`. */
  parts: string[];
}

/** A write's effect: deleting or replacing a folder also hits the tables below it. */
export type WriteEffect = 'write' | 'delete';

/** `*` in a table reference stands for "whatever the session's default is". */
export const ANY = '*';

export class GuardPolicy {
  constructor(policy: Policy, extraProtectedPaths: string[] = []) {
    const add = (raw: string, table: string | null, allowed: boolean) => {
      const path = normalisePath(raw);
      if (path && path.segments.length > 0) {
        this._paths.push({ path, table, allowed });
      }
    };
    for (const entry of policy.protected) {
      if (entry.location) {
        add(entry.location, entry.table, false);
      }
      const parts = entry.table.toLowerCase().split('.');
      if (parts.length >= 2) {
        this._tables.push({ table: entry.table, parts });
        this.catalogs.add(parts[0]);
      }
    }
    for (const raw of [...policy.protectedPaths, ...extraProtectedPaths]) {
      add(raw, null, false);
    }
    for (const raw of policy.allowedPaths) {
      add(raw, null, true);
    }
  }

  /** Lower-cased catalog names of the protected tables. */
  readonly catalogs = new Set<string>();

  get isEmpty(): boolean {
    return this._paths.length === 0 && this._tables.length === 0;
  }

  /**
   * Lower-cased distinctive names of the protected targets: the first and last
   * segment of each location (bucket or top folder, and the table's folder)
   * and every part of each identifier. A cell naming none cannot name a protected target.
   */
  get keywords(): readonly string[] {
    if (!this._keywords) {
      const words = new Set<string>();
      for (const entry of this._paths) {
        const segments = entry.path.segments;
        if (!entry.allowed && segments.length > 0) {
          words.add(segments[0].toLowerCase());
          words.add(segments[segments.length - 1].toLowerCase());
        }
      }
      this._tables.forEach(entry => entry.parts.forEach(part => words.add(part)));
      this._keywords = [...words].filter(word => word.length > 0);
    }
    return this._keywords;
  }

  /**
   * Match a path target, which may contain unresolved parts (HOLE). Returns
   * one match per protected table or path it would write into.
   */
  matchPath(target: string, effect: WriteEffect, cwd?: string): ProtectionMatch[] {
    const hole = target.indexOf(HOLE);
    if (hole === -1) {
      const path = normalisePath(target, cwd);
      return path ? this.matchComplete(path, effect) : [];
    }
    return this.matchPrefix(target.slice(0, hole), cwd);
  }

  /**
   * Match a table reference `[catalog|*, ...namespace|*, name]`. With
   * `namespace` the reference is a namespace and matches every table in it.
   */
  matchTable(parts: string[], namespace = false): ProtectionMatch[] {
    const wanted = parts.map(p => p.toLowerCase());
    const matches: ProtectionMatch[] = [];
    for (const entry of this._tables) {
      if (namespace ? this.namespaceMatches(wanted, entry.parts) : this.tableMatches(wanted, entry.parts)) {
        matches.push({ table: entry.table });
      }
    }
    return matches;
  }

  private tableMatches(wanted: string[], parts: string[]): boolean {
    if (wanted.length === parts.length) {
      return wanted.every((w, i) => w === ANY || w === parts[i]);
    }
    // An unknown default namespace (`*` in the middle) may stand for several levels.
    const anyNamespace = wanted.length === 3 && wanted[1] === ANY;
    return anyNamespace && (wanted[0] === ANY || wanted[0] === parts[0]) && wanted[2] === parts[parts.length - 1] && parts.length > 3;
  }

  private namespaceMatches(wanted: string[], parts: string[]): boolean {
    return wanted.length < parts.length && wanted.every((w, i) => w === ANY || w === parts[i]);
  }

  private matchComplete(path: NormalisedPath, effect: WriteEffect): ProtectionMatch[] {
    const own = this.resolve(path);
    if (own) {
      return [own];
    }
    if (effect !== 'delete') {
      return [];
    }
    // Deleting or moving a parent folder removes every protected location below it.
    const matches: ProtectionMatch[] = [];
    for (const entry of this._paths) {
      if (!entry.allowed && entry.path.segments.length > path.segments.length && isWithin(entry.path, path)) {
        const below = this.resolve(entry.path);
        if (below) {
          matches.push(below);
        }
      }
    }
    return dedupe(matches);
  }

  /** A target known only up to `prefix`: protected if inside, or if it may name a protected folder next to it. */
  private matchPrefix(prefix: string, cwd?: string): ProtectionMatch[] {
    const slash = prefix.lastIndexOf('/');
    const rest = prefix.slice(slash + 1);
    const folder = normalisePath(prefix.slice(0, slash + 1) || '.', cwd);
    if (!folder || (folder.scheme && folder.segments.length === 0)) {
      return [];
    }
    const own = this.resolve(folder);
    if (own) {
      return [own];
    }
    const matches: ProtectionMatch[] = [];
    for (const entry of this._paths) {
      const depth = entry.path.segments.length;
      if (!entry.allowed && depth === folder.segments.length + 1 && isWithin(entry.path, folder) && entry.path.segments[depth - 1].startsWith(rest)) {
        const below = this.resolve(entry.path);
        if (below) {
          matches.push(below);
        }
      }
    }
    return dedupe(matches);
  }

  /** The longest entry containing `path`; allowed entries win only when strictly longer. */
  private resolve(path: NormalisedPath): ProtectionMatch | null {
    let best: PathEntry | null = null;
    for (const entry of this._paths) {
      if (!isWithin(path, entry.path)) {
        continue;
      }
      const longer = !best || entry.path.segments.length > best.path.segments.length;
      const tieToProtected = best && entry.path.segments.length === best.path.segments.length && !entry.allowed;
      if (longer || tieToProtected) {
        best = entry;
      }
    }
    return best && !best.allowed ? { table: best.table } : null;
  }

  /** For messages: the normalised form of a path. */
  static display(raw: string): string {
    const path = normalisePath(raw);
    return path ? formatPath(path) : raw;
  }

  private _paths: PathEntry[] = [];
  private _tables: TableEntry[] = [];
  private _keywords: string[] | null = null;
}

function dedupe(matches: ProtectionMatch[]): ProtectionMatch[] {
  const seen = new Set<string | null>();
  return matches.filter(m => (seen.has(m.table) ? false : (seen.add(m.table), true)));
}
