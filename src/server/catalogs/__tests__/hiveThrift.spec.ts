import * as net from 'net';
import { encodeCall, MetastoreClient, MetastoreException, MetastoreTransportError } from '../hiveThrift';

/**
 * Bytes recorded from Apache Thrift's Python library (TBinaryProtocol into a TMemoryBuffer) with
 * the `hive_metastore` binding pyiceberg vendors: what a real client sends and a metastore answers.
 */
const GET_TABLE_CALL = '80010001000000096765745f7461626c65000000010b0001000000037363690b0002000000036f627300';
const GET_TABLE_OBJECTS_CALL =
  '80010001000000196765745f7461626c655f6f626a656374735f62795f6e616d65000000020b0001000000037363690f00020b000000020000000161000000016200';
/** get_table_result(success=Table(tableName="obs", dbName="sci", owner="me", createTime, sd.location, parameters, tableType), with an i64 and a bool). */
const GET_TABLE_REPLY =
  '80010002000000096765745f7461626c65000000010c00000b0001000000036f62730b0002000000037363690b0003000000026d650800046553f1000c00070b00020000001266696c653a2f772f7363692e64622f6f6273000f00080c000000000d00090b0b000000020000000a7461626c655f747970650000000749434542455247000000116d657461646174615f6c6f636174696f6e0000002f66696c653a2f772f7363692e64622f6f62732f6d657461646174612f30303030312e6d657461646174612e6a736f6e0b000c0000000e45585445524e414c5f5441424c4502000e00080012000000010a0013ffffffffffffffff0000';
/** get_table_result(o2=NoSuchObjectException("sci.nope table not found")). */
const NO_SUCH_TABLE_REPLY = '80010002000000096765745f7461626c65000000010c00020b0001000000187363692e6e6f7065207461626c65206e6f7420666f756e640000';

/** A loopback server that answers each request with `reply(request)`, written in pieces of `chunk` bytes. */
async function metastoreStub(reply: (request: Buffer) => Buffer | null, chunk = 7): Promise<{ port: number; requests: Buffer[]; close: () => Promise<void> }> {
  const requests: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    sockets.add(socket);
    socket.on('data', data => {
      requests.push(data);
      const answer = reply(data);
      for (let start = 0; answer && start < answer.length; start += chunk) {
        socket.write(answer.subarray(start, start + chunk));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () => {
      sockets.forEach(socket => socket.destroy());
      return new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}

describe('encodeCall', () => {
  it('should frame a call with string arguments as Thrift’s own library does', () => {
    const bytes = encodeCall('get_table', 1, [
      { id: 1, type: 'string', value: 'sci' },
      { id: 2, type: 'string', value: 'obs' }
    ]);
    expect(bytes.toString('hex')).toBe(GET_TABLE_CALL);
  });

  it('should frame a list of strings as Thrift’s own library does', () => {
    const bytes = encodeCall('get_table_objects_by_name', 2, [
      { id: 1, type: 'string', value: 'sci' },
      { id: 2, type: 'strings', value: ['a', 'b'] }
    ]);
    expect(bytes.toString('hex')).toBe(GET_TABLE_OBJECTS_CALL);
  });
});

describe('MetastoreClient', () => {
  it('should read a reply that arrives in pieces', async () => {
    const stub = await metastoreStub(() => Buffer.from(GET_TABLE_REPLY, 'hex'));
    const client = await MetastoreClient.connect('127.0.0.1', stub.port, 5000);
    try {
      expect(await client.getTable('sci', 'obs')).toEqual({
        name: 'obs',
        database: 'sci',
        location: 'file:/w/sci.db/obs',
        tableType: 'EXTERNAL_TABLE',
        parameters: { table_type: 'ICEBERG', metadata_location: 'file:/w/sci.db/obs/metadata/00001.metadata.json' }
      });
      expect(Buffer.concat(stub.requests).toString('hex')).toBe(GET_TABLE_CALL);
    } finally {
      client.close();
      await stub.close();
    }
  });

  it('should reject with the declared exception the metastore returns', async () => {
    const stub = await metastoreStub(() => Buffer.from(NO_SUCH_TABLE_REPLY, 'hex'));
    const client = await MetastoreClient.connect('127.0.0.1', stub.port, 5000);
    try {
      await expect(client.getTable('sci', 'obs')).rejects.toEqual(new MetastoreException('NoSuchObjectException', 'sci.nope table not found'));
    } finally {
      client.close();
      await stub.close();
    }
  });

  it('should give up on a metastore that does not answer', async () => {
    const stub = await metastoreStub(() => null);
    const client = await MetastoreClient.connect('127.0.0.1', stub.port, 200);
    try {
      const failure = client.getAllDatabases();
      await expect(failure).rejects.toThrow(new MetastoreTransportError('no answer to get_all_databases within 0.2 s', true));
      await expect(failure).rejects.toHaveProperty('timedOut', true);
    } finally {
      client.close();
      await stub.close();
    }
  });

  it('should name why it cannot connect', async () => {
    const stub = await metastoreStub(() => null);
    await stub.close();
    await expect(MetastoreClient.connect('127.0.0.1', stub.port, 5000)).rejects.toThrow(new MetastoreTransportError('ECONNREFUSED'));
  });
});
