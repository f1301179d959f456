/**
 * The write guard's entry point: analyse notebook cells in order and report
 * each write that would land on a protected table or path.
 */
import { Evaluator } from './evaluate';
import { RUN_CALL, SHELL_CALL, SQL_CALL, WRITE_CALL, toPython } from './ipython';
import { HOLE, displayTarget, normalisePath } from './paths';
import { ANY, GuardPolicy } from './policy';
import { boto3Rule } from './rules/boto3';
import { dataframeRule } from './rules/dataframes';
import { deltaRule } from './rules/delta';
import { fileSystemRule } from './rules/filesystems';
import { icebergRule } from './rules/iceberg';
import { icebergJavaRule } from './rules/icebergJava';
import type { Rule, RuleContext, Target, Write } from './rules/rule';
import { sparkRule } from './rules/spark';
import { stdlibRule } from './rules/stdlib';
import { valueRule } from './rules/values';
import { isRelevant, updateRelevantNames } from './relevance';
import { GuardScope } from './scope';
import { skim } from './skim';
import { classifyShell } from './shell';
import { SqlWrite, classifySql, hasHole } from './sql';
import { UNKNOWN, textOf } from './values';

export interface GuardFinding {
  /** 1-based line within the cell. */
  line: number;
  operation: string;
  /** The target as resolved, `{…}` standing for parts that could not be. */
  target: string;
  /** The protected table written to, or null for a bare protected path. */
  table: string | null;
  /** Where the write is, when the cell runs a script that makes it (`%run etl.py`): the script's path and line. */
  script?: { file: string; line: number };
  /** The write is the table's maintenance (compaction, snapshot expiry, file removal), as a repair script makes. */
  maintenance?: boolean;
}

export interface CellAnalysis {
  findings: GuardFinding[];
  /** Set when the analyzer itself failed: the caller lets the cell run and logs this. */
  error?: string;
}

/** The notebook-magic placeholders that `toPython` emits. */
const magicRule: Rule = {
  call(site, context) {
    const text = textOf(site.args[0]);
    if (site.qualified === SHELL_CALL && text !== null) {
      context.shell(text);
    } else if (site.qualified === SQL_CALL && text !== null) {
      context.sql(text);
    } else if (site.qualified === RUN_CALL && text !== null) {
      context.script(text, true);
    } else if (site.qualified === WRITE_CALL && text !== null) {
      context.report({ operation: '%%writefile', target: { kind: 'path', text }, effect: 'write' });
    } else {
      return undefined;
    }
    return UNKNOWN;
  }
};

/** Order matters only for what a call returns: the first rule that knows wins. */
export const RULES: readonly Rule[] = [
  magicRule,
  valueRule,
  sparkRule,
  icebergJavaRule,
  icebergRule,
  deltaRule,
  boto3Rule,
  stdlibRule,
  dataframeRule,
  fileSystemRule
];

export class GuardAnalyzer {
  constructor(
    readonly policy: GuardPolicy,
    private readonly _rules: readonly Rule[] = RULES
  ) {}

  /** Analyse one cell, updating `scope` with what it binds. Never throws. */
  analyzeCell(source: string, scope: GuardScope): CellAnalysis {
    if (this.policy.isEmpty) {
      return { findings: [] };
    }
    const findings: GuardFinding[] = [];
    const seen = new Set<string>();
    let line = 1;
    const add = (finding: GuardFinding) => {
      const key = `${finding.line}\u0000${finding.operation}\u0000${finding.target}\u0000${finding.table}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push(finding);
      }
    };
    const report = (write: Write, offset = 0) => {
      for (const match of this.match(write.target, write.effect, scope)) {
        add({
          line: line + offset,
          operation: write.operation,
          target: targetText(write.target),
          table: match.table,
          ...(write.maintenance ? { maintenance: true } : {})
        });
      }
    };
    const context: RuleContext = {
      report: write => report(write),
      sql: text => this.sql(text, scope, report),
      shell: text =>
        classifyShell(text).forEach(w =>
          w.runs
            ? this.script(w.target, false, scope, finding => add({ ...finding, line: line + w.line }))
            : report({ operation: w.operation, target: { kind: 'path', text: w.target }, effect: w.delete ? 'delete' : 'write' }, w.line)
        ),
      script: (file, sharesNames) => this.script(file, sharesNames, scope, finding => add({ ...finding, line })),
      sparkTable: name =>
        sparkTable(
          name.split('.').map(p => p.replace(/`/g, '')),
          scope,
          this.policy
        )
    };
    try {
      if (!isRelevant(source, this.policy.keywords, scope)) {
        skim(toPython(source), scope);
        return { findings: [] };
      }
      new Evaluator({ source: toPython(source), scope, rules: [...this._rules], context, atLine: l => (line = l) }).run();
      updateRelevantNames(scope, this.policy.keywords);
    } catch (error) {
      return { findings, error: `write guard analysis failed: ${(error as Error).message}` };
    }
    return { findings };
  }

  /** Analyse cells in notebook order, so names bound early are known later. */
  analyzeNotebook(sources: string[], scope = new GuardScope()): CellAnalysis[] {
    return sources.map(source => this.analyzeCell(source, scope));
  }

  /**
   * Scan a script the cell runs, if it can be read: a `.py` file as one cell,
   * a notebook's code cells in order. `%run` shares the names the script binds
   * with the notebook; `!python` runs it in a process of its own.
   */
  private script(file: string, sharesNames: boolean, scope: GuardScope, add: (finding: GuardFinding) => void): void {
    const absolute = file.includes(HOLE) ? null : normalisePath(file, scope.cwd);
    if (!absolute || absolute.scheme || !scope.readScript || this._running.length >= MAX_SCRIPT_DEPTH) {
      return;
    }
    const where = `/${absolute.segments.join('/')}`;
    const text = this._running.includes(where) ? null : scope.readScript(where);
    if (text === null) {
      return;
    }
    const folder = where.slice(0, where.lastIndexOf('/')) || '/';
    // `%run` runs the script in the kernel's directory; `python x.py` too, from the shell the kernel started.
    const inner = new GuardScope({ cwd: scope.cwd ?? folder, readScript: scope.readScript });
    this._running.push(where);
    try {
      for (const source of where.endsWith('.ipynb') ? notebookCode(text) : [text]) {
        const analysis = this.analyzeCell(source, inner);
        analysis.findings.forEach(f => add({ ...f, script: f.script ?? { file: where, line: f.line } }));
      }
    } finally {
      this._running.pop();
    }
    if (sharesNames) {
      inner.vars.forEach((value, name) => scope.vars.set(name, value));
    }
  }

  private sql(text: string, scope: GuardScope, report: (write: Write, offset: number) => void): void {
    for (const statement of classifySql(text)) {
      if (statement.use) {
        applyUse(statement.use, scope, this.policy);
      }
      for (const write of statement.writes) {
        const target = sqlTarget(write, scope, this.policy);
        if (target) {
          report({ operation: write.operation, target, effect: write.delete ? 'delete' : 'write', maintenance: write.maintenance }, statement.line);
        }
      }
    }
  }

  private match(target: Target, effect: 'write' | 'delete', scope: GuardScope) {
    if (target.kind === 'path') {
      return this.policy.matchPath(target.text, effect, scope.cwd);
    }
    return this.policy.matchTable(target.parts, target.namespace);
  }

  /** Scripts being scanned, outermost first, so one that runs itself is read once. */
  private readonly _running: string[] = [];
}

/** How deep `%run a.py` → `%run b.py` → … is followed. */
const MAX_SCRIPT_DEPTH = 4;

/** The code cells of an `.ipynb` file's JSON, or none if it is not one. */
function notebookCode(text: string): string[] {
  try {
    const cells = (JSON.parse(text) as { cells?: { cell_type?: string; source?: string | string[] }[] }).cells ?? [];
    return cells.filter(c => c.cell_type === 'code').map(c => (Array.isArray(c.source) ? c.source.join('') : (c.source ?? '')));
  } catch {
    return [];
  }
}

function targetText(target: Target): string {
  if (target.kind === 'path') {
    return displayTarget(target.text);
  }
  return displayTarget(target.parts.filter(p => p !== ANY).join('.'));
}

function isCatalog(name: string, scope: GuardScope, policy: GuardPolicy): boolean {
  const lower = name.toLowerCase();
  return policy.catalogs.has(lower) || lower === scope.sql.catalog || lower === 'spark_catalog';
}

function applyUse(use: { kind: string; parts: string[] }, scope: GuardScope, policy: GuardPolicy): void {
  const parts = use.parts.map(p => p.toLowerCase());
  if (use.kind === 'catalog' || (use.kind === 'any' && parts.length === 1 && isCatalog(parts[0], scope, policy))) {
    scope.sql = { catalog: parts[0] };
  } else if (parts.length >= 2 && isCatalog(parts[0], scope, policy)) {
    scope.sql = { catalog: parts[0], namespace: parts.slice(1) };
  } else {
    scope.sql = { ...scope.sql, namespace: parts };
  }
}

/**
 * Resolve a Spark identifier: `cat.ns.tbl` as written, `ns.tbl` in the current
 * catalog, `tbl` in the current namespace; `*` where `USE` did not say.
 */
export function sparkTable(parts: string[], scope: GuardScope, policy: GuardPolicy, catalog?: string): Target | null {
  if (parts.length === 0 || parts.some(p => p === '') || parts.slice(0, -1).some(p => p.includes(HOLE))) {
    return null;
  }
  const last = parts[parts.length - 1];
  const qualified = (() => {
    if (catalog) {
      return parts.length >= 3 && isCatalog(parts[0], scope, policy) ? parts : [catalog, ...parts];
    }
    if (parts.length >= 3 && isCatalog(parts[0], scope, policy)) {
      return parts;
    }
    if (parts.length >= 2) {
      return [scope.sql.catalog ?? ANY, ...parts];
    }
    return [scope.sql.catalog ?? ANY, ...(scope.sql.namespace ?? [ANY]), last];
  })();
  if (last.includes(HOLE)) {
    // An unknown table in a known namespace: protected if that namespace holds protected tables.
    return qualified.length >= 3 && !qualified.slice(0, -1).includes(ANY) ? { kind: 'table', parts: qualified.slice(0, -1), namespace: true } : null;
  }
  return { kind: 'table', parts: qualified };
}

function sqlTarget(write: SqlWrite, scope: GuardScope, policy: GuardPolicy): Target | null {
  if (write.path !== undefined) {
    return { kind: 'path', text: write.path };
  }
  if (!write.table) {
    return null;
  }
  if (write.namespace) {
    const parts = write.table.map(p => p.toLowerCase());
    const qualified = parts.length >= 2 && isCatalog(parts[0], scope, policy) ? parts : [scope.sql.catalog ?? ANY, ...parts];
    return { kind: 'table', parts: qualified, namespace: true };
  }
  // A procedure's catalog built at run time (`CALL {cat}.system…`) could be any: fail closed.
  const catalog = write.catalog !== undefined && hasHole(write.catalog) ? ANY : write.catalog;
  return sparkTable(write.table, scope, policy, catalog);
}
