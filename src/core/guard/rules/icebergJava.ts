/**
 * Iceberg's Java API reached from PySpark through py4j:
 * `Spark3Util.loadIcebergTable(spark._jsparkSession, 'cat.ns.t')` gives the
 * table, whose FileIO `deleteFile` removes a file (as a repair script does
 * with files nothing references) and whose `newDelete()`, `expireSnapshots()`,
 * `updateProperties()`… change it when their chain ends in `commit()`.
 */
import { UNKNOWN, Value, isObject, object, textOf } from '../values';
import { CallSite, Rule, RuleContext, argument } from './rule';

const TABLE = 'icebergJava.table';
const FILE_IO = 'icebergJava.io';
const PENDING = 'icebergJava.pending';

/** Table methods that start a change; the change lands at `commit()`. */
const CHANGES = new Set([
  'newAppend',
  'newFastAppend',
  'newOverwrite',
  'newReplacePartitions',
  'newDelete',
  'newRowDelta',
  'newRewrite',
  'expireSnapshots',
  'manageSnapshots',
  'rewriteManifests',
  'updateProperties',
  'updateSchema',
  'updateSpec',
  'replaceSortOrder',
  'updateLocation',
  'updateStatistics',
  'newTransaction'
]);
/** Of those, the ones that are the table's maintenance. */
const MAINTENANCE = new Set(['newRewrite', 'expireSnapshots', 'rewriteManifests', 'updateStatistics']);
/** FileIO calls that remove files. */
const FILE_DELETES = new Set(['deleteFile', 'deleteFiles', 'deletePrefix']);

function report(context: RuleContext, site: CallSite, table: Value | undefined, operation: string, effect: 'write' | 'delete', maintenance: boolean): void {
  const target = context.sparkTable(textOf(table) ?? '');
  if (target) {
    context.report({ operation, target, effect, ...(maintenance ? { maintenance } : {}) });
    return;
  }
  // A table the guard cannot name: the file removed still says where it lies.
  const path = site.method === 'deleteFiles' ? null : textOf(site.args[0]);
  if (FILE_DELETES.has(site.method) && path && path.includes('/')) {
    context.report({ operation, target: { kind: 'path', text: path }, effect, ...(maintenance ? { maintenance } : {}) });
  }
}

export const icebergJavaRule: Rule = {
  call(site, context) {
    const receiver = site.receiver;
    if (site.method === 'loadIcebergTable') {
      return object(TABLE, { table: argument(site, 1, 'name') ?? UNKNOWN });
    }
    if (isObject(receiver, TABLE)) {
      if (site.method === 'io') {
        return object(FILE_IO, receiver.data);
      }
      if (CHANGES.has(site.method)) {
        return object(PENDING, { ...receiver.data, operation: { kind: 'str', text: site.method } });
      }
      return undefined;
    }
    if (isObject(receiver, FILE_IO)) {
      if (FILE_DELETES.has(site.method)) {
        report(context, site, receiver.data.table, `Iceberg FileIO.${site.method} (maintenance)`, 'delete', true);
        return UNKNOWN;
      }
      return undefined;
    }
    if (isObject(receiver, PENDING)) {
      if (site.method === 'commit' || site.method === 'commitTransaction') {
        const change = textOf(receiver.data.operation) ?? '';
        const maintenance = MAINTENANCE.has(change);
        report(
          context,
          site,
          receiver.data.table,
          `Iceberg Table.${change}().commit${maintenance ? ' (maintenance)' : ''}`,
          change === 'expireSnapshots' ? 'delete' : 'write',
          maintenance
        );
        return UNKNOWN;
      }
      // Builder calls (`.deleteFile(f)`, `.set(k, v)`, `.expireSnapshotId(id)`) return the same change.
      return receiver;
    }
    return undefined;
  }
};
