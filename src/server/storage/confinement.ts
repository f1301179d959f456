/**
 * Keeps every storage access inside the locations the helper was configured
 * with (warehouses, table locations). Metadata is input from outside: a
 * manifest may name `/etc/passwd` or `s3://other-bucket/…`, and we must not
 * follow it there.
 */
import { normalizeUri, relativeUri } from '../../core/uri';
import { whyTooBroad } from './broadRoots';
import { StorageError } from './storage';

/** A root given to a confinement and dropped, with the reason. */
export interface RefusedRoot {
  root: string;
  why: string;
}

export class Confinement {
  /**
   * @param roots allowed locations (any scheme; each storage checks the ones
   *   of its own scheme); `undefined` allows everything, `[]` nothing. Roots
   *   too broad to confine anything (`/`, `/etc`, a home directory: see
   *   `broadRoots.ts`) are dropped, so nothing below them is readable.
   */
  constructor(roots: readonly string[] | undefined) {
    if (roots === undefined) {
      this.roots = undefined;
      return;
    }
    const kept: string[] = [];
    for (const root of roots.map(normalizeUri)) {
      const why = whyTooBroad(root);
      if (why === null) {
        kept.push(root);
      } else {
        this.refusedRoots.push({ root, why });
      }
    }
    this.roots = kept;
  }

  /** `undefined` when everything is allowed. */
  readonly roots: readonly string[] | undefined;
  readonly refusedRoots: RefusedRoot[] = [];

  get unrestricted(): boolean {
    return this.roots === undefined;
  }

  /** Whether the normalised `location` lies at or below an allowed root. */
  allows(location: string): boolean {
    return this.roots === undefined || this.roots.some(root => relativeUri(root, location) !== null);
  }

  /**
   * Throw unless `location` stays inside the roots both as written and with
   * percent-escapes decoded. Writers store `%2F` literally, so decoding is not
   * how we read; it is how a confused component downstream might, and a
   * location that only escapes once decoded (`%2e%2e%2f`) is hostile.
   */
  check(location: string, operation: string): void {
    if (this.roots === undefined) {
      return;
    }
    if (!this.allows(location)) {
      throw this.refusal(location, operation, 'is outside the allowed locations');
    }
    const decoded = decodeOrNull(location);
    if (decoded !== null && decoded !== location && !this.allows(decoded)) {
      throw this.refusal(location, operation, 'leaves the allowed locations once its %-escapes are decoded');
    }
  }

  refusal(location: string, operation: string, why: string): StorageError {
    const refused = this.refusedRoots.map(refusal => `${refusal.root} is no root, as ${refusal.why}`);
    const kept = this.roots && this.roots.length > 0 ? this.roots.join(', ') : refused.length > 0 ? 'none' : 'none configured';
    const allowed = [kept, ...refused].join('; ');
    return new StorageError(`refusing to ${operation} ${location}: it ${why} (allowed: ${allowed})`, location, 'outside-roots');
  }
}

function decodeOrNull(location: string): string | null {
  try {
    return decodeURIComponent(location);
  } catch {
    return null; // not valid percent-encoding: nothing hides behind it
  }
}
