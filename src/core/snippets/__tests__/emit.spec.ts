import { commentText, pyColumn, pyComment, pyLiteral, pyString, pythonIdentifier, sqlIdentifier, sqlQualifiedName } from '../emit';
import { envReference } from '../secretRefs';

describe('emit', () => {
  describe('#pyString', () => {
    it.each([
      ['plain', '"plain"'],
      ['say "hi"', '"say \\"hi\\""'],
      ["it's", '"it\'s"'],
      ['"""', '"\\"\\"\\""'],
      ['back\\slash', '"back\\\\slash"'],
      ['line\nbreak\r\n', '"line\\nbreak\\r\\n"'],
      ['tab\t', '"tab\\t"'],
      ['nul\0', '"nul\\x00"'],
      ['bell\u0007', '"bell\\x07"'],
      ['next\u0085line', '"next\\x85line"'],
      ['sep\u2028par\u2029', '"sep\\u2028par\\u2029"'],
      ['ünïcode', '"\\xfcn\\xefcode"'],
      ['Ωmega', '"\\u03a9mega"'],
      ['lone \ud800 surrogate', '"lone \\ud800 surrogate"'],
      ['astral 😀', '"astral \\U0001f600"'],
      ['rtl \u202e override', '"rtl \\u202e override"'],
      ['${x} {y} `z` # w', '"${x} {y} `z` # w"']
    ])('should quote %j as %s', (input, expected) => {
      expect(pyString(input)).toBe(expected);
    });
  });

  describe('#commentText', () => {
    it.each([
      ['obs', 'obs'],
      ['naïve café', 'naïve café'],
      ['a\nimport os', 'a\\x0aimport os'],
      ['a\r\nb', 'a\\x0d\\x0ab'],
      ['a\u2028!rm -rf ~', 'a\\u2028!rm -rf ~'],
      ['a\u0085b\u000bc\u000cd\u001ce', 'a\\x85b\\x0bc\\x0cd\\x1ce'],
      ['nul\0', 'nul\\x00'],
      ['rtl \u202e', 'rtl \\u202e'],
      ['lone \udc00', 'lone \\udc00'],
      ['back\\slash "quoted"', 'back\\slash "quoted"']
    ])('should keep %j on one line as %s', (input, expected) => {
      expect(commentText(input)).toBe(expected);
    });
  });

  describe('#pyComment', () => {
    it('should start a comment line at every line break of the template, never of a value', () => {
      const name = 'x\nimport os\u2028os.system("id")';
      expect(pyComment`Reads ${name}.\n\nThen more.`).toBe('# Reads x\\x0aimport os\\u2028os.system("id").\n#\n# Then more.');
    });
  });

  describe('#pyLiteral', () => {
    it('should render nested dicts, lists, booleans, None and raw code', () => {
      const rendered = pyLiteral({ a: [1, 'x'], b: { c: true, d: null }, e: envReference('SECRET_VAR') });
      expect(rendered).toBe('{\n    "a": [1, "x"],\n    "b": {\n        "c": True,\n        "d": None,\n    },\n    "e": os.environ.get("SECRET_VAR"),\n}');
    });

    it('should quote hostile keys and spell numbers Python has no literal for', () => {
      expect(pyLiteral({ 'k"\n': NaN, big: 12345678901234567890n, inf: -Infinity })).toBe(
        '{\n    "k\\"\\n": float("NaN"),\n    "big": 12345678901234567890,\n    "inf": float("-inf"),\n}'
      );
    });
  });

  describe('#pyColumn', () => {
    it('should reach any column through a subscript', () => {
      expect(pyColumn('obs', 'my col"] ; import os #')).toBe('obs["my col\\"] ; import os #"]');
    });
  });

  describe('#pythonIdentifier', () => {
    it.each([
      ['observations', 'observations'],
      ['Survey-Obs 2024', 'survey_obs_2024'],
      ['stationReadings', 'station_readings'],
      ['2024_runs', 't_2024_runs'],
      ['class', 'class_df'],
      ['None', 'none'],
      ['Ωmega', 'mega'],
      ['!!!', 'table'],
      ['__import__("os")', 'import_os'],
      ['naïve café', 'naive_cafe']
    ])('should turn %j into %s', (name, expected) => {
      expect(pythonIdentifier(name)).toBe(expected);
    });

    it('should suffix a reserved name and number a taken one', () => {
      expect(pythonIdentifier('spark', { reserved: name => name === 'spark' })).toBe('spark_df');
      expect(pythonIdentifier('obs', { taken: name => ['obs', 'obs_2'].includes(name) })).toBe('obs_3');
    });
  });

  describe('#sqlIdentifier', () => {
    it.each([
      ['obs', 'obs'],
      ['Obs_2', 'Obs_2'],
      ['my-table', '`my-table`'],
      ['a.b', '`a.b`'],
      ['back`tick', '`back``tick`'],
      ['select', '`select`'],
      ['2024', '`2024`'],
      ["it's\n", "`it's\n`"]
    ])('should write %j as %s', (name, expected) => {
      expect(sqlIdentifier(name)).toBe(expected);
    });

    it('should join the parts of a multipart name', () => {
      expect(sqlQualifiedName(['lake', 'a.b', 'table'])).toBe('lake.`a.b`.`table`');
    });
  });
});
