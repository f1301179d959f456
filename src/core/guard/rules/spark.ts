/**
 * Spark: `DataFrameWriter` (`df.write…save/parquet/insertInto/saveAsTable`),
 * `DataFrameWriterV2` (`df.writeTo(t).append()`…), streaming writers, and SQL
 * text passed to `spark.sql`.
 */
import { looksLikePath } from '../paths';
import { UNKNOWN, Value, isObject, object, textOf } from '../values';
import { CallSite, Rule, RuleContext, argument } from './rule';

const WRITER = 'spark.writer';
const WRITER_V2 = 'spark.writerV2';
const STREAM_WRITER = 'spark.streamWriter';

const FILE_FORMATS = new Set(['parquet', 'csv', 'json', 'orc', 'text', 'avro', 'xml']);
const V2_TERMINALS = new Set(['append', 'overwrite', 'overwritePartitions', 'create', 'replace', 'createOrReplace']);

function optionPath(writer: Value & { kind: 'object' }, site: CallSite): Value & { kind: 'object' } {
  const data = { ...writer.data };
  if (site.method === 'mode') {
    data.mode = site.args[0] ?? UNKNOWN;
  } else if (site.method === 'option' && textOf(site.args[0])?.toLowerCase() === 'path') {
    data.path = site.args[1] ?? UNKNOWN;
  } else if (site.method === 'options') {
    const path = site.kwargs.get('path');
    if (path) {
      data.path = path;
    }
  } else if (site.method === 'format') {
    data.format = site.args[0] ?? UNKNOWN;
  }
  return { kind: 'object', type: writer.type, data };
}

function reportPathOrTable(context: RuleContext, operation: string, target: Value | undefined, effect: 'write' | 'delete'): void {
  const text = textOf(target);
  if (text === null) {
    return;
  }
  if (looksLikePath(text) || text.includes('/')) {
    context.report({ operation, target: { kind: 'path', text }, effect });
    return;
  }
  const table = context.sparkTable(text);
  if (table) {
    context.report({ operation, target: table, effect });
  }
}

function writerCall(writer: Value & { kind: 'object' }, site: CallSite, context: RuleContext): Value {
  const overwrite = textOf(writer.data.mode)?.toLowerCase() === 'overwrite' || textOf(site.kwargs.get('mode'))?.toLowerCase() === 'overwrite';
  const effect = overwrite ? 'delete' : 'write';
  const operation = `write.${site.method}`;
  if (site.method === 'save' || FILE_FORMATS.has(site.method)) {
    reportPathOrTable(context, operation, argument(site, 0, 'path') ?? writer.data.path, effect);
    return UNKNOWN;
  }
  if (site.method === 'insertInto' || site.method === 'saveAsTable') {
    reportPathOrTable(context, operation, argument(site, 0, 'tableName'), effect);
    if (writer.data.path) {
      reportPathOrTable(context, operation, writer.data.path, effect);
    }
    return UNKNOWN;
  }
  if (site.method === 'jdbc') {
    // The database's table, named the way Spark names tables: `sales.orders` is the protected one wherever it lives.
    reportPathOrTable(context, operation, argument(site, 1, 'table'), effect);
    return UNKNOWN;
  }
  return optionPath(writer, site);
}

export const sparkRule: Rule = {
  attribute(base, name) {
    if (base.kind === 'symbol' && /^(pyspark|pandas|dask|numpy|polars|os|io|sys)(\.|$)/.test(base.name)) {
      return undefined;
    }
    if (name === 'write') {
      return object(WRITER);
    }
    if (name === 'writeStream') {
      return object(STREAM_WRITER);
    }
    return undefined;
  },
  call(site, context) {
    const receiver = site.receiver;
    if (isObject(receiver, WRITER)) {
      return writerCall(receiver, site, context);
    }
    if (isObject(receiver, WRITER_V2)) {
      if (V2_TERMINALS.has(site.method)) {
        const table = context.sparkTable(textOf(receiver.data.table) ?? '');
        if (table) {
          context.report({ operation: `writeTo.${site.method}`, target: table, effect: 'write' });
        }
        return UNKNOWN;
      }
      return receiver;
    }
    if (isObject(receiver, STREAM_WRITER)) {
      if (site.method === 'start') {
        reportPathOrTable(context, 'writeStream.start', argument(site, 0, 'path') ?? receiver.data.path, 'write');
        return UNKNOWN;
      }
      if (site.method === 'toTable') {
        reportPathOrTable(context, 'writeStream.toTable', argument(site, 0, 'tableName'), 'write');
        return UNKNOWN;
      }
      return optionPath(receiver, site);
    }
    if (site.method === 'writeTo') {
      return object(WRITER_V2, { table: site.args[0] ?? UNKNOWN });
    }
    if (site.method === 'sql' || site.method === 'execute' || site.method === 'executescript') {
      const text = textOf(argument(site, 0, 'sqlQuery', 'query', 'sql'));
      if (text !== null) {
        context.sql(text);
      }
      return UNKNOWN;
    }
    if (site.method === 'setCurrentCatalog' || site.method === 'setCurrentDatabase') {
      const name = textOf(site.args[0]);
      if (name !== null) {
        context.sql(`USE ${site.method === 'setCurrentCatalog' ? 'CATALOG' : 'NAMESPACE'} ${name}`);
      }
      return UNKNOWN;
    }
    if (site.qualified?.endsWith('.run_cell_magic') && /sql/.test(textOf(site.args[0]) ?? '')) {
      context.sql(textOf(site.args[2]) ?? '');
    }
    return undefined;
  }
};
