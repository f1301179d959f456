/**
 * The contract between the evaluator and the operation rules. Each rule file
 * covers one family of operations (Spark writers, pandas/Dask writers, fsspec,
 * boto3, the standard library…), like a ruff rule: it looks at one call site,
 * may report writes, and may say what the call returns.
 */
import type { WriteEffect } from '../policy';
import type { Value } from '../values';

export interface CallSite {
  /** Dotted name when the callee is a symbol: `shutil.rmtree`, `fs.rm`, `spark.sql`. */
  qualified: string | null;
  /** The called name: `rmtree`, `rm`, `sql`. */
  method: string;
  /** What the method was looked up on (a library object, a path, a symbol), if anything. */
  receiver: Value | null;
  args: Value[];
  kwargs: Map<string, Value>;
}

export type Target =
  | { kind: 'path'; text: string }
  /** `[catalog|*, ...namespace, name]`; with `namespace`, every table in that namespace. */
  | { kind: 'table'; parts: string[]; namespace?: boolean };

export interface Write {
  /** What the user wrote, e.g. `to_parquet`, `shutil.rmtree`, `INSERT INTO`. */
  operation: string;
  target: Target;
  effect: WriteEffect;
  /** The write is the table's maintenance (compaction, snapshot expiry, file removal): a repair is one. */
  maintenance?: boolean;
}

export interface RuleContext {
  report(write: Write): void;
  /** Analyse SQL text passed to `spark.sql` and the like. */
  sql(text: string): void;
  /** Analyse a shell command line passed to `os.system`, `subprocess` and the like. */
  shell(text: string): void;
  /** Scan a script the code runs (`%run etl.py`); with `sharesNames`, what it binds joins the notebook's names. */
  script(file: string, sharesNames: boolean): void;
  /** Resolve a Spark table name against `USE` and the protected catalogs. */
  sparkTable(name: string): Target | null;
}

export interface Rule {
  /** Report the writes this call makes; return what it evaluates to when the rule knows. */
  call?(site: CallSite, context: RuleContext): Value | undefined;
  /** What `base.name` evaluates to, when the rule knows (e.g. `df.write` is a Spark writer). */
  attribute?(base: Value, name: string): Value | undefined;
}

/** A keyword argument, or the positional one at `index`. */
export function argument(site: CallSite, index: number, ...names: string[]): Value | undefined {
  for (const name of names) {
    const value = site.kwargs.get(name);
    if (value) {
      return value;
    }
  }
  return index >= 0 ? site.args[index] : undefined;
}

/** The last dotted part of a symbol's module, e.g. `shutil` for `shutil.rmtree`. */
export function moduleOf(site: CallSite): string {
  if (!site.qualified) {
    return '';
  }
  const dot = site.qualified.lastIndexOf('.');
  return dot === -1 ? '' : site.qualified.slice(0, dot);
}
