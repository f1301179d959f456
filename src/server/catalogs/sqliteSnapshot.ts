/**
 * A read-only, in-memory copy of an SQLite file, loaded with sql.js (pure
 * WebAssembly, nothing to compile or download at install time). The copy is
 * reloaded only when the file's size or modification time changes, and the
 * file itself is never opened for writing.
 */
import * as fs from 'fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { Row, sql, SqlDatabase, SqlStatement } from './sqlDatabase';

// The inline build carries its WebAssembly inside the script, so the helper bundle needs no side file.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the typings name only the default build
const initSqlJs: (config?: object) => Promise<SqlJsStatic> = require('sql.js/dist/sql-wasm-inline.js');

let sqlJs: Promise<SqlJsStatic> | null = null;

function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs = sqlJs ?? initSqlJs();
  return sqlJs;
}

export class SqliteSnapshot implements SqlDatabase {
  private database: Database | null = null;
  private loadedKey = '';
  private loading: Promise<Database> | null = null;

  /** `file` null means an empty in-memory database (`sqlite://`). */
  constructor(readonly file: string | null) {}

  async query(statement: SqlStatement): Promise<Row[]> {
    const database = await this.current();
    const prepared = database.prepare(
      statement.text(() => '?'),
      [...statement.params]
    );
    try {
      const rows: Row[] = [];
      while (prepared.step()) {
        rows.push(prepared.getAsObject());
      }
      return rows;
    } finally {
      prepared.free();
    }
  }

  async hasTable(table: string): Promise<boolean> {
    const rows = await this.query(sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${table}`);
    return rows.length > 0;
  }

  async hasColumn(table: string, column: string): Promise<boolean> {
    const rows = await this.query(sql`SELECT name FROM pragma_table_info(${table})`);
    return rows.some(row => row.name === column);
  }

  async close(): Promise<void> {
    this.database?.close();
    this.database = null;
    this.loadedKey = '';
  }

  private async current(): Promise<Database> {
    const key = this.changeKey();
    if (this.database && key === this.loadedKey) {
      return this.database;
    }
    // Concurrent callers share one reload.
    if (!this.loading) {
      this.loading = this.reload(key).finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  private async reload(key: string): Promise<Database> {
    const SQL = await loadSqlJs();
    const bytes = this.file === null ? undefined : fs.readFileSync(this.file);
    const database = new SQL.Database(bytes);
    this.database?.close();
    this.database = database;
    this.loadedKey = key;
    return database;
  }

  /** Size and mtime: what changes when pyiceberg or Spark commits (both use SQLite's rollback journal). */
  private changeKey(): string {
    if (this.file === null) {
      return 'memory';
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      throw new Error(`SQLite database ${this.file} does not exist`);
    }
    if (!stat.isFile()) {
      throw new Error(`SQLite database ${this.file} is not a file`);
    }
    return `${stat.size}:${stat.mtimeMs}`;
  }
}
