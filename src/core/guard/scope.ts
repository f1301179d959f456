/**
 * What carries from one cell to the next: variable bindings and the Spark
 * session's `USE` catalog and namespace.
 */
import type { Value } from './values';

export interface SqlContext {
  /** Lower-cased current catalog, when a `USE` named one. */
  catalog?: string;
  /** Lower-cased current namespace parts, when a `USE` named them. */
  namespace?: string[];
}

export class GuardScope {
  constructor(options: GuardScope.IOptions = {}) {
    this.cwd = options.cwd;
    this.readScript = options.readScript;
  }

  vars = new Map<string, Value>();
  sql: SqlContext = {};
  /** Names bound to values that may lead to a protected target (see relevance.ts). */
  relevantNames = new Set<string>();
  /** The kernel's working directory, to resolve relative paths; unknown in the browser. */
  readonly cwd?: string;
  /** Reads a script the notebook runs (`%run`, `!python`), by absolute path; null when it cannot. */
  readonly readScript?: GuardScope.ScriptReader;

  clone(): GuardScope {
    const copy = new GuardScope({ cwd: this.cwd, readScript: this.readScript });
    copy.vars = new Map(this.vars);
    copy.sql = { ...this.sql };
    copy.relevantNames = this.relevantNames;
    return copy;
  }
}

export namespace GuardScope {
  export type ScriptReader = (absolutePath: string) => string | null;

  export interface IOptions {
    cwd?: string;
    readScript?: ScriptReader;
  }
}
