/**
 * The few Hive Metastore Thrift calls the Hive catalog reads with, written by
 * hand over the `thrift` package's TBinaryProtocol and TBufferedTransport
 * (what a metastore without SASL speaks) instead of generating the whole
 * `hive_metastore.thrift` binding. Field ids are those of
 * `hive_metastore.thrift` (stable since Hive 0.x; Hive 2, 3 and 4 agree).
 *
 * Replies are decoded generically (every field by id, unknown ones kept and
 * ignored), so a newer metastore's extra fields never break the reader.
 * Calls go one at a time over one connection; each has a deadline.
 */
import * as net from 'net';
import { TBinaryProtocol, TBufferedTransport, Thrift } from 'thrift';

export interface HiveDatabase {
  name: string;
  locationUri?: string;
  parameters: Record<string, string>;
}

export interface HiveTable {
  database: string;
  name: string;
  /** `MANAGED_TABLE`, `EXTERNAL_TABLE`, `VIRTUAL_VIEW`, … (Hive's own type, not Iceberg's `table_type` parameter). */
  tableType?: string;
  location?: string;
  parameters: Record<string, string>;
}

/** The metastore answered with one of its declared exceptions (`NoSuchObjectException`, `MetaException`, …). */
export class MetastoreException extends Error {
  constructor(
    readonly kind: string,
    message: string
  ) {
    super(message);
    this.name = 'MetastoreException';
  }
}

/** The connection failed, closed, or a call ran past its deadline. */
export class MetastoreTransportError extends Error {
  constructor(
    message: string,
    readonly timedOut = false
  ) {
    super(message);
    this.name = 'MetastoreTransportError';
  }
}

/** A decoded Thrift value: structs become `Map<fieldId, value>`. */
type ThriftValue = string | number | boolean | ThriftStruct | ThriftValue[] | Map<ThriftValue, ThriftValue>;
type ThriftStruct = Map<number, ThriftValue>;

/** An argument of a call: field id, Thrift type and value (strings and lists of strings are all these calls send). */
type Argument = { id: number; type: 'string'; value: string } | { id: number; type: 'strings'; value: string[] };

/** The declared exceptions of each call, by result field id, as `hive_metastore.thrift` names them. */
const DECLARED_EXCEPTIONS: Record<string, Record<number, string>> = {
  get_all_databases: { 1: 'MetaException' },
  get_database: { 1: 'NoSuchObjectException', 2: 'MetaException' },
  get_all_tables: { 1: 'MetaException' },
  get_table: { 1: 'MetaException', 2: 'NoSuchObjectException' },
  get_table_objects_by_name: { 1: 'MetaException', 2: 'InvalidOperationException', 3: 'UnknownDBException' }
};

export class MetastoreClient {
  private sequence = 0;
  /** Calls are serialised: the binary protocol over one socket has no multiplexing. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending: { seqid: number; resolve: (reply: ThriftStruct) => void; reject: (error: Error) => void; method: string } | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly timeoutMs: number
  ) {
    const receiver = withoutBufferWarning(() => TBufferedTransport.receiver(transport => this.receive(transport), 0));
    socket.on('data', (data: Buffer) => withoutBufferWarning(() => receiver(data)));
    socket.on('error', error => this.fail(new MetastoreTransportError(error.message)));
    socket.on('close', () => this.fail(new MetastoreTransportError('the metastore closed the connection')));
  }

  /** A connection to `host:port`, or a `MetastoreTransportError` naming why not (e.g. `ECONNREFUSED`). */
  static connect(host: string, port: number, timeoutMs: number): Promise<MetastoreClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new MetastoreTransportError(`no connection within ${timeoutMs / 1000} s`, true));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new MetastoreClient(socket, timeoutMs));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new MetastoreTransportError(error.code ?? error.message));
      });
    });
  }

  async getAllDatabases(): Promise<string[]> {
    return strings(await this.call('get_all_databases', []));
  }

  async getDatabase(name: string): Promise<HiveDatabase> {
    const database = struct(await this.call('get_database', [{ id: 1, type: 'string', value: name }]));
    return { name: text(database.get(1)) ?? name, locationUri: text(database.get(3)), parameters: stringMap(database.get(4)) };
  }

  async getAllTables(database: string): Promise<string[]> {
    return strings(await this.call('get_all_tables', [{ id: 1, type: 'string', value: database }]));
  }

  async getTable(database: string, name: string): Promise<HiveTable> {
    return hiveTable(
      await this.call('get_table', [
        { id: 1, type: 'string', value: database },
        { id: 2, type: 'string', value: name }
      ])
    );
  }

  async getTableObjectsByName(database: string, names: string[]): Promise<HiveTable[]> {
    const tables = await this.call('get_table_objects_by_name', [
      { id: 1, type: 'string', value: database },
      { id: 2, type: 'strings', value: names }
    ]);
    return (Array.isArray(tables) ? tables : []).map(hiveTable);
  }

  close(): void {
    this.failure ??= new MetastoreTransportError('the connection was closed');
    this.socket.destroy();
  }

  /** Send `method(args)` and resolve with field 0 of its result, or reject with its declared exception. */
  private call(method: string, args: Argument[]): Promise<ThriftValue | undefined> {
    const result = this.queue.then(() => this.send(method, args));
    this.queue = result.catch(() => undefined);
    return result.then(reply => {
      for (const [id, kind] of Object.entries(DECLARED_EXCEPTIONS[method] ?? {})) {
        const thrown = reply.get(Number(id));
        if (thrown !== undefined) {
          throw new MetastoreException(kind, text(struct(thrown).get(1)) ?? kind);
        }
      }
      return reply.get(0);
    });
  }

  private send(method: string, args: Argument[]): Promise<ThriftStruct> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    const seqid = ++this.sequence;
    return new Promise<ThriftStruct>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new MetastoreTransportError(`no answer to ${method} within ${this.timeoutMs / 1000} s`, true));
      }, this.timeoutMs);
      this.pending = {
        seqid,
        method,
        resolve: reply => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: error => {
          clearTimeout(timer);
          reject(error);
        }
      };
      this.socket.write(withoutBufferWarning(() => encodeCall(method, seqid, args)));
    });
  }

  /** Whatever has arrived: a whole reply settles the pending call; a partial one waits for more bytes. */
  private receive(transport: TBufferedTransport): void {
    const protocol = new TBinaryProtocol(transport);
    let reply: ThriftStruct;
    let message: { fname: string; mtype: Thrift.MessageType; rseqid: number };
    try {
      message = protocol.readMessageBegin();
      reply = readStruct(protocol);
      protocol.readMessageEnd();
      transport.commitPosition();
    } catch (error) {
      // The package's InputBufferUnderrunError (not in its typings): the reply has not fully arrived.
      if ((error as Error).name === 'InputBufferUnderrunError') {
        transport.rollbackPosition();
        return;
      }
      this.fail(new MetastoreTransportError(`unreadable reply: ${(error as Error).message}`));
      return;
    }
    const pending = this.pending;
    if (!pending || message.rseqid !== pending.seqid) {
      this.fail(new MetastoreTransportError(`reply ${message.rseqid} to '${message.fname}' matches no call`));
      return;
    }
    this.pending = null;
    if (message.mtype === Thrift.MessageType.EXCEPTION) {
      // TApplicationException: 1 message, 2 type (e.g. an unknown method on an older metastore).
      pending.reject(new MetastoreException('TApplicationException', text(reply.get(1)) ?? `${pending.method} failed`));
    } else {
      pending.resolve(reply);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.socket.destroy();
    const pending = this.pending;
    this.pending = null;
    pending?.reject(this.failure);
  }
}

/**
 * The package's transport and protocol still call the deprecated `new Buffer()`; bundled into
 * the helper (outside node_modules), Node would print DEP0005 on the helper's stderr. The
 * package's work is synchronous, so silencing deprecations just around it hides only that.
 */
function withoutBufferWarning<T>(action: () => T): T {
  const previous = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return action();
  } finally {
    process.noDeprecation = previous;
  }
}

/** One CALL message, as TBufferedTransport flushes it (no frame header). */
export function encodeCall(method: string, seqid: number, args: Argument[]): Buffer {
  let message: Buffer | undefined;
  const transport = new TBufferedTransport(undefined, (buffer?: Buffer) => {
    message = buffer;
  });
  const protocol = new TBinaryProtocol(transport);
  protocol.writeMessageBegin(method, Thrift.MessageType.CALL, seqid);
  protocol.writeStructBegin(`${method}_args`);
  for (const arg of args) {
    if (arg.type === 'string') {
      protocol.writeFieldBegin(`field${arg.id}`, Thrift.Type.STRING, arg.id);
      protocol.writeString(arg.value);
    } else {
      protocol.writeFieldBegin(`field${arg.id}`, Thrift.Type.LIST, arg.id);
      protocol.writeListBegin(Thrift.Type.STRING, arg.value.length);
      for (const value of arg.value) {
        protocol.writeString(value);
      }
      protocol.writeListEnd();
    }
    protocol.writeFieldEnd();
  }
  protocol.writeFieldStop();
  protocol.writeStructEnd();
  protocol.writeMessageEnd();
  transport.flush();
  return message ?? Buffer.alloc(0);
}

/** A reply's struct (after `readMessageBegin`) decoded field by field; throws `InputBufferUnderrunError` on a partial one. */
export function readStruct(protocol: TBinaryProtocol): ThriftStruct {
  const fields: ThriftStruct = new Map();
  protocol.readStructBegin();
  for (;;) {
    const field = protocol.readFieldBegin();
    if (field.ftype === Thrift.Type.STOP) {
      break;
    }
    fields.set(field.fid, readValue(protocol, field.ftype));
    protocol.readFieldEnd();
  }
  protocol.readStructEnd();
  return fields;
}

function readValue(protocol: TBinaryProtocol, type: Thrift.Type): ThriftValue {
  switch (type) {
    case Thrift.Type.BOOL:
      return protocol.readBool();
    case Thrift.Type.BYTE:
      return protocol.readByte();
    case Thrift.Type.I16:
      return protocol.readI16();
    case Thrift.Type.I32:
      return protocol.readI32();
    case Thrift.Type.I64:
      // Only counters and times are 64-bit in the structs read here: a rounded number is enough.
      return protocol.readI64().toNumber(true);
    case Thrift.Type.DOUBLE:
      return protocol.readDouble();
    case Thrift.Type.STRING:
      return protocol.readString();
    case Thrift.Type.STRUCT:
      return readStruct(protocol);
    case Thrift.Type.MAP: {
      const header = protocol.readMapBegin();
      const map = new Map<ThriftValue, ThriftValue>();
      for (let i = 0; i < header.size; i++) {
        const key = readValue(protocol, header.ktype);
        map.set(key, readValue(protocol, header.vtype));
      }
      protocol.readMapEnd();
      return map;
    }
    case Thrift.Type.SET: {
      const header = protocol.readSetBegin();
      const items = Array.from({ length: header.size }, () => readValue(protocol, header.etype));
      protocol.readSetEnd();
      return items;
    }
    case Thrift.Type.LIST: {
      const header = protocol.readListBegin();
      const items = Array.from({ length: header.size }, () => readValue(protocol, header.etype));
      protocol.readListEnd();
      return items;
    }
    default:
      throw new Error(`unknown Thrift type ${type}`);
  }
}

function struct(value: ThriftValue | undefined): ThriftStruct {
  return value instanceof Map && [...value.keys()].every(key => typeof key === 'number') ? (value as ThriftStruct) : new Map();
}

function text(value: ThriftValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: ThriftValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function stringMap(value: ThriftValue | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (value instanceof Map) {
    for (const [key, item] of value) {
      if (typeof key === 'string' && typeof item === 'string') {
        result[key] = item;
      }
    }
  }
  return result;
}

/** `Table`: 1 tableName, 2 dbName, 7 sd (StorageDescriptor: 2 location), 9 parameters, 12 tableType. */
function hiveTable(value: ThriftValue | undefined): HiveTable {
  const table = struct(value);
  return {
    name: text(table.get(1)) ?? '',
    database: text(table.get(2)) ?? '',
    location: text(struct(table.get(7)).get(2)),
    parameters: stringMap(table.get(9)),
    tableType: text(table.get(12))
  };
}
