import { namingTable, withoutTablePrefix } from '../../catalogs/failures';
import { tableErrorLine } from '../command';

describe('namingTable', () => {
  it('should prefix a message that does not name the table', () => {
    expect(namingTable('lake.ns.t', 'metadata unreadable')).toBe('lake.ns.t: metadata unreadable');
  });

  it('should keep a message that names the table, however many layers pass it up', () => {
    const vended = "REST catalog 'vend', table 'vend.sci.obs': the storage credentials expired";
    const opened = namingTable('vend.sci.obs', vended);
    const verdict = namingTable('vend.sci.obs', opened);
    expect(verdict).toBe(vended);
  });
});

describe('withoutTablePrefix', () => {
  it('should drop only a leading "table: "', () => {
    expect(withoutTablePrefix('lake.ns.t', 'lake.ns.t: refused')).toBe('refused');
    expect(withoutTablePrefix('lake.ns.t', "SQL catalog 'lake': table 'lake.ns.t' is gone")).toBe("SQL catalog 'lake': table 'lake.ns.t' is gone");
  });
});

describe('tableErrorLine', () => {
  it('should name the table once when the message already names it', () => {
    expect(tableErrorLine('check', 'vend.sci.obs', "REST catalog 'vend', table 'vend.sci.obs': expired")).toBe(
      "dual-layout check: REST catalog 'vend', table 'vend.sci.obs': expired\n"
    );
    expect(tableErrorLine('repair', 'lake.ns.t', 'lake.ns.t: could not be checked')).toBe('dual-layout repair: lake.ns.t: could not be checked\n');
  });

  it('should put the table first when the message does not name it, on one line', () => {
    expect(tableErrorLine('scan', 'lake.ns.t', 'not protected: HTTP 503\n  at server.handle')).toBe(
      'dual-layout scan: lake.ns.t: not protected: HTTP 503 at server.handle\n'
    );
  });
});
