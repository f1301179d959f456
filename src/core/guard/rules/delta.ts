/**
 * Delta Lake tables opened on a path or a name: `DeltaTable.forPath(spark, p)`,
 * `DeltaTable.forName(spark, t)`, deltalake's `DeltaTable(p)`, and the calls
 * that rewrite their files (`delete`, `update`, `merge`, `vacuum`…).
 */
import { UNKNOWN, Value, isObject, object, textOf } from '../values';
import { CallSite, Rule, argument } from './rule';

const DELTA_TABLE = 'delta.table';
const OPENERS = /(^|\.)DeltaTable(\.(forPath|forName|convertToDelta|createIfNotExists|create|replace))?$/;
/** Methods that change the table's files; `merge` only plans until `execute`, but its target is already known. */
const CHANGES = new Set([
  'delete',
  'update',
  'merge',
  'vacuum',
  'optimize',
  'restoreToVersion',
  'restoreToTimestamp',
  'restore',
  'upgradeTableProtocol',
  'create_checkpoint',
  'cleanup_metadata',
  'repair'
]);
const DELETES = new Set(['delete', 'vacuum', 'restoreToVersion', 'restoreToTimestamp', 'restore']);

/** deltalake's `vacuum` only lists what it would delete unless told `dry_run=False`; Spark's deletes. */
function dryRun(site: CallSite, deltalake: boolean): boolean {
  const flag = site.kwargs.get('dry_run');
  if (site.method !== 'vacuum' || !deltalake) {
    return false;
  }
  return !(flag?.kind === 'number' && flag.value === 0);
}

export const deltaRule: Rule = {
  call(site, context) {
    if (isObject(site.receiver, DELTA_TABLE)) {
      if (CHANGES.has(site.method) && !dryRun(site, !site.receiver.data.spark)) {
        const text = textOf(site.receiver.data.target);
        const table = site.receiver.data.byName ? context.sparkTable(text ?? '') : null;
        const target = table ?? (text !== null && !site.receiver.data.byName ? { kind: 'path' as const, text } : null);
        if (target) {
          context.report({ operation: `DeltaTable.${site.method}`, target, effect: DELETES.has(site.method) ? 'delete' : 'write' });
        }
      }
      return site.method === 'alias' ? site.receiver : UNKNOWN;
    }
    const name = site.qualified ?? '';
    if (!OPENERS.test(name) || /\.(create|createIfNotExists|replace)$/.test(name)) {
      return undefined;
    }
    // Spark's forPath/forName take the session first; deltalake's DeltaTable takes the URI first.
    const spark = /\.(forPath|forName|convertToDelta)$/.test(name);
    const target: Value = (spark ? argument(site, 1, 'path', 'tableOrViewName', 'identifier') : argument(site, 0, 'table_uri')) ?? UNKNOWN;
    const yes: Value = { kind: 'number', value: 1 };
    return object(DELTA_TABLE, { target, ...(spark ? { spark: yes } : {}), ...(name.endsWith('forName') ? { byName: yes } : {}) });
  }
};
