/**
 * Snippets for a REST catalog that vends a table's credentials: the keys are read from the table as
 * the kernel's pyiceberg loads it (never the helper's copy), and Spark asks its catalog for them.
 */
import { generateSnippet } from '../../../core/snippets';
import { table } from '../../../core/snippets/__tests__/fixtures';
import { sparkCatalogConf } from '../../../core/snippets/spark';
import { daskStorageOptions } from '../../../core/snippets/storage';
import { secretReference } from '../../../core/snippets/secretRefs';
import { catalogProfile } from '../catalogProfile';

const CONTEXT = { cwd: '/home/me', env: {} };
const VENDED = {
  's3.access-key-id': 'ASIAVENDED0123',
  's3.secret-access-key': 'vended-secret-0123',
  's3.session-token': 'vended-session-token-0123'
};

function profile(vended: boolean) {
  return catalogProfile(
    {
      name: 'vend',
      type: 'rest',
      properties: { uri: 'http://rest:8181', 's3.endpoint': 'http://s3:9000', ...VENDED },
      location: 's3://lake/sci/obs/data',
      ...(vended ? { vended: { table: ['sci', 'obs'], keys: Object.keys(VENDED) } } : {})
    },
    CONTEXT
  );
}

describe('catalogProfile for vended credentials', () => {
  it('should read the keys from the table the kernel loads, for Dask', () => {
    const options = daskStorageOptions(profile(true).storage, 'obs_vended') as Record<string, unknown>;
    const code = secretReference({ catalog: 'vend', property: 's3.session-token', vendedFor: ['sci', 'obs'] }, 'obs_vended');
    expect(code.code).toBe('obs_vended.get("s3.session-token")');
    expect(JSON.stringify(options)).not.toMatch(/vended-secret|ASIAVENDED|vended-session/);
    expect(options.token).toEqual(code);
  });

  it('should refuse a vended reference without the variable of the loaded table', () => {
    expect(() => daskStorageOptions(profile(true).storage)).toThrow(
      "the credentials catalog 'vend' vends need the variable that holds the loaded table's properties"
    );
  });

  const LOAD = 'load_catalog("vend").load_table(("sci", "obs",)).io.properties';
  const vendedTable = (name: string) => ({
    ...table(name, { catalog: profile(true), dataRoot: `s3://lake/sci/${name}/data` }),
    catalog: catalogProfile(
      {
        name: 'vend',
        type: 'rest',
        properties: { uri: 'http://rest:8181', 's3.endpoint': 'http://s3:9000' },
        location: `s3://lake/sci/${name}/data`,
        vended: { table: ['sci', name], keys: Object.keys(VENDED) }
      },
      CONTEXT
    )
  });

  it.each(['read', 'pinned'] as const)('should load the table once for every key a Dask %s snippet reads', variant => {
    const { code } = generateSnippet({ engine: 'dask', variant, tables: [vendedTable('obs')] });
    expect(code.split(LOAD).length - 1).toBe(1);
    expect(code).toContain(`obs_vended = ${LOAD}\n`);
    expect(code).toContain('from pyiceberg.catalog import load_catalog');
    for (const key of Object.keys(VENDED)) {
      expect(code).toContain(`obs_vended.get("${key}")`);
    }
    expect(code.indexOf('obs_vended =')).toBeLessThan(code.indexOf('obs_vended.get('));
  });

  it('should load each joined table once, under names of their own', () => {
    const { code } = generateSnippet({ engine: 'dask', variant: 'join', tables: [vendedTable('obs'), vendedTable('obs_vended')] });
    expect(code.match(/load_table\(/g)).toHaveLength(2);
    expect(code).toContain(`obs_vended = ${LOAD}\n`);
    const right = code.match(/^(\w+) = load_catalog\("vend"\)\.load_table\(\("sci", "obs_vended",\)\)/m);
    expect(right?.[1]).not.toBe('obs_vended');
    expect(code).toContain(`${right?.[1]}.get("s3.access-key-id")`);
  });

  it('should ask Spark’s REST catalog for vended credentials and set no keys', () => {
    const conf = sparkCatalogConf(profile(true));
    expect(conf['spark.sql.catalog.vend.header.X-Iceberg-Access-Delegation']).toBe('vended-credentials');
    expect(Object.keys(conf).filter(key => key.includes('access-key') || key.includes('session-token'))).toEqual([]);
    expect(conf['spark.sql.catalog.vend.s3.endpoint']).toBe('http://s3:9000');
  });

  it('should keep static keys to the kernel’s catalog configuration when nothing is vended', () => {
    const conf = sparkCatalogConf(profile(false));
    expect(conf['spark.sql.catalog.vend.header.X-Iceberg-Access-Delegation']).toBeUndefined();
    expect(secretReference(profile(false).storage.credentials!.accessKeyId).code).toBe('Config().get_catalog_config("vend").get("s3.access-key-id")');
  });
});
