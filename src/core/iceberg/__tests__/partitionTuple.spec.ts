import { partitionTupleBuilder } from '../partitionTuple';

describe('partitionTupleBuilder', () => {
  it('should key values by partition field id', () => {
    const tuple = partitionTupleBuilder([1000, 1001, 1003])(['EU', 19724, null]);
    expect(tuple).toEqual({ 1000: 'EU', 1001: 19724, 1003: null });
    expect(tuple[1001]).toBe(19724);
    expect(JSON.stringify(tuple)).toBe('{"1000":"EU","1001":19724,"1003":null}');
  });

  it('should build independent tuples from one builder', () => {
    const build = partitionTupleBuilder([1000]);
    const values = ['a'];
    const first = build(values);
    values[0] = 'b';
    expect([first[1000], build(values)[1000]]).toEqual(['a', 'b']);
  });

  it('should reuse the builder for the same field ids', () => {
    expect(partitionTupleBuilder([1000, 1001])).toBe(partitionTupleBuilder([1000, 1001]));
  });

  it('should build an empty tuple for an unpartitioned spec', () => {
    expect(partitionTupleBuilder([])([])).toEqual({});
  });
});
