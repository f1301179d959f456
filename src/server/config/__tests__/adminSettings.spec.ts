import { adminSettingsFromEnv, DEFAULT_ADMIN_SETTINGS, parseAdminSettings, SETTINGS_ENV } from '../adminSettings';

describe('parseAdminSettings', () => {
  it('should read the settings the server extension sends', () => {
    const settings = parseAdminSettings(
      JSON.stringify({
        protectedPaths: ['s3://lake/gold'],
        allowedPaths: ['s3://lake/gold/scratch'],
        guardMode: 'block',
        catalogs: ['Lake'],
        sparkProfile: { remote: 'sc://spark:15002' },
        daskProfile: { scheduler: 'tcp://dask:8786' },
        verdictStore: ' s3://lake/verdicts '
      })
    );
    expect(settings).toEqual({
      protectedPaths: ['s3://lake/gold'],
      allowedPaths: ['s3://lake/gold/scratch'],
      guardMode: 'block',
      catalogs: ['lake'],
      sparkProfile: { remote: 'sc://spark:15002' },
      daskProfile: { scheduler: 'tcp://dask:8786' },
      verdictStore: 's3://lake/verdicts'
    });
  });

  it('should fill in defaults for missing settings', () => {
    expect(parseAdminSettings('{}')).toEqual(DEFAULT_ADMIN_SETTINGS);
  });

  it.each([
    ['not json', /is not valid JSON/],
    ['[]', /must be a JSON object/],
    ['{"guardMode": "strict"}', /guardMode must be one of off, warn, block, not "strict"/],
    ['{"protectedPaths": "s3://x"}', /protectedPaths must be a list of non-empty strings/],
    ['{"allowedPaths": [""]}', /allowedPaths must be a list of non-empty strings/],
    ['{"sparkProfile": []}', /sparkProfile must be a JSON object/],
    ['{"verdictStore": ["/srv/verdicts"]}', /verdictStore must be a string \(a folder or an s3:\/\/bucket\/prefix\)/],
    ['{"protectedPath": []}', /unknown setting\(s\) protectedPath/]
  ])('should reject %s', (text, message) => {
    expect(() => parseAdminSettings(text)).toThrow(message);
  });
});

describe('adminSettingsFromEnv', () => {
  it('should use the defaults when the variable is unset', () => {
    expect(adminSettingsFromEnv({})).toEqual(DEFAULT_ADMIN_SETTINGS);
  });

  it('should parse the variable when set', () => {
    expect(adminSettingsFromEnv({ [SETTINGS_ENV]: '{"guardMode": "off"}' }).guardMode).toBe('off');
  });
});
