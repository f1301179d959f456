/**
 * What the SQL catalog needs from the database behind it, whichever it is
 * (an SQLite file, a PostgreSQL server): read-only queries and two questions
 * about the schema, since pyiceberg and Spark's JdbcCatalog create different
 * columns. Queries are written once, with the `sql` tag; each database puts
 * in its own placeholders (`?` for SQLite, `$1` for PostgreSQL).
 */

export type SqlParam = string | number | null;
export type Row = Record<string, unknown>;

/** Query text split around its parameters, so no value is ever spliced into SQL. */
export class SqlStatement {
  constructor(
    readonly parts: readonly string[],
    readonly params: readonly SqlParam[]
  ) {}

  /** The text with `placeholder(i)` for the i-th (0-based) parameter. */
  text(placeholder: (index: number) => string): string {
    return this.parts.reduce((text, part, i) => (i === 0 ? part : `${text}${placeholder(i - 1)}${part}`), '');
  }
}

/**
 * `sql\`… WHERE name = ${value}\``: values become parameters; a nested
 * statement is spliced in with its own parameters (for optional clauses).
 */
export function sql(strings: TemplateStringsArray, ...values: (SqlParam | SqlStatement)[]): SqlStatement {
  const parts = [strings[0]];
  const params: SqlParam[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlStatement) {
      parts[parts.length - 1] += value.parts[0];
      parts.push(...value.parts.slice(1));
      params.push(...value.params);
      parts[parts.length - 1] += strings[i + 1];
    } else {
      params.push(value);
      parts.push(strings[i + 1]);
    }
  });
  return new SqlStatement(parts, params);
}

/** The database did not answer within the request timeout. */
export class SqlTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlTimeoutError';
  }
}

export interface SqlDatabase {
  /** Rows as objects keyed by column name. Never changes the database. */
  query(statement: SqlStatement): Promise<Row[]>;
  /** Whether `table` exists where the catalog's writers create it (unqualified name). */
  hasTable(table: string): Promise<boolean>;
  hasColumn(table: string, column: string): Promise<boolean>;
  close(): Promise<void>;
}
