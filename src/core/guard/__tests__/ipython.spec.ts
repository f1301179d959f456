import { toPython } from '../ipython';

describe('toPython', () => {
  it('should turn shell lines into calls that interpolate Python names, keeping indentation and lines', () => {
    expect(toPython('for p in paths:\n    !rm -rf {p}/x $HOME\nfiles = !ls /lake')).toBe(
      'for p in paths:\n    __guard_shell__("rm -rf " + str(p) + "/x " + str(HOME) + "")\nfiles = __guard_shell__("ls /lake")'
    );
  });

  it('should turn %sql and %%sql into SQL calls placed on the body’s first line', () => {
    expect(toPython('%sql DELETE FROM t')).toBe('__guard_sql__("DELETE FROM t")');
    expect(toPython('%%sql\nDELETE FROM t\nWHERE x')).toBe('\n__guard_sql__("DELETE FROM t\\nWHERE x")\n');
    expect(toPython('%%spark -c sql\nDROP TABLE t')).toBe('\n__guard_sql__("DROP TABLE t")');
  });

  it('should turn %%bash bodies into one shell call and %%writefile into a write', () => {
    expect(toPython('%%bash\nrm -rf /lake/t')).toBe('\n__guard_shell__("rm -rf /lake/t")');
    expect(toPython('%%writefile -a /lake/t/x.py\nprint(1)')).toBe('__guard_write__("/lake/t/x.py")\n');
  });

  it('should keep the Python of %%time, %%spark and %time, and drop other magics and help', () => {
    expect(toPython('%%time\ndf.to_parquet(p)')).toBe('\ndf.to_parquet(p)');
    expect(toPython('%time df.to_parquet(p)\n%timeit -n 1 -r 1 f()')).toBe('df.to_parquet(p)\nf()');
    expect(toPython('%matplotlib inline\ndf.head?\nx = 1')).toBe('pass\n\nx = 1');
    expect(toPython('%%html\n<b>rm -rf /lake</b>')).toBe('\n');
  });
});
