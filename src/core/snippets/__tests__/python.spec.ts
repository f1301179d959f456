import { envReference, pyLiteral, pyString, pythonIdentifier } from '../python';

describe('python', () => {
  describe('#pyString', () => {
    it.each([
      ['plain', '"plain"'],
      ['say "hi"', '"say \\"hi\\""'],
      ['back\\slash', '"back\\\\slash"'],
      ['line\nbreak', '"line\\nbreak"'],
      ['bell\u0007', '"bell\\u0007"'],
      ['ünïcode', '"ünïcode"']
    ])('should quote %j as %s', (input, expected) => {
      expect(pyString(input)).toBe(expected);
    });
  });

  describe('#pyLiteral', () => {
    it('should render nested dicts, lists, booleans, None and raw code', () => {
      const rendered = pyLiteral({ a: [1, 'x'], b: { c: true, d: null }, e: envReference('SECRET_VAR') });
      expect(rendered).toBe('{\n    "a": [1, "x"],\n    "b": {\n        "c": True,\n        "d": None,\n    },\n    "e": os.environ.get("SECRET_VAR"),\n}');
    });
  });

  describe('#pythonIdentifier', () => {
    it.each([
      ['observations', 'observations'],
      ['Survey-Obs 2024', 'survey_obs_2024'],
      ['stationReadings', 'station_readings'],
      ['2024_runs', 't_2024_runs'],
      ['class', 'class_df'],
      ['spark', 'spark_df'],
      ['dd', 'dd_df'],
      ['Ωmega', 'mega'],
      ['!!!', 'table'],
      ['naïve café', 'naive_cafe']
    ])('should turn %j into %s', (name, expected) => {
      expect(pythonIdentifier(name)).toBe(expected);
    });

    it('should not reuse a taken name', () => {
      expect(pythonIdentifier('obs', new Set(['obs', 'obs_2']))).toBe('obs_3');
    });
  });
});
