import { sparkCatalogConf } from '../../../core/snippets/spark';
import { catalogProfile, pyicebergEnvName, storageProfile } from '../catalogProfile';

const CONTEXT = { cwd: '/home/me', env: {} };

describe('catalogProfile', () => {
  describe('#pyicebergEnvName', () => {
    it('should spell the variable pyiceberg reads a catalog property from', () => {
      expect(pyicebergEnvName('lake', 's3.access-key-id')).toBe('PYICEBERG_CATALOG__LAKE__S3__ACCESS_KEY_ID');
      expect(pyicebergEnvName('my-cat', 'credential')).toBe('PYICEBERG_CATALOG__MY_CAT__CREDENTIAL');
    });
  });

  describe('#catalogProfile', () => {
    it('should turn a pyiceberg SQLite URI into a JDBC URL', () => {
      const profile = catalogProfile(
        { name: 'lake', type: 'sql', properties: { uri: 'sqlite:///lake/catalog.db', warehouse: 'file:///w' }, location: '/w/t/data' },
        CONTEXT
      );
      expect(profile).toEqual({
        name: 'lake',
        kind: 'sql',
        uri: 'jdbc:sqlite:/home/me/lake/catalog.db',
        warehouse: 'file:///w',
        properties: {},
        secrets: {},
        storage: { kind: 'local' }
      });
    });

    it('should keep a Postgres password out of the JDBC URL', () => {
      const profile = catalogProfile(
        { name: 'pg', type: 'sql', properties: { uri: 'postgresql+psycopg2://sci:hunter2@db:5432/iceberg' }, location: 's3://b/t' },
        CONTEXT
      );
      expect(profile.uri).toBe('jdbc:postgresql://db:5432/iceberg');
      expect(profile.properties).toEqual({ 'jdbc.user': 'sci' });
      expect(profile.secrets).toEqual({ 'jdbc.password': { catalog: 'pg', property: 'uri', uriPassword: true } });
      expect(JSON.stringify(profile)).not.toContain('hunter2');
    });

    it("should pass a Postgres URI's TLS parameters to JDBC and take the password from PGPASSWORD when the URI has none", () => {
      const uri = 'postgresql://sci@db/iceberg?sslmode=verify-full&sslrootcert=certs/ca.pem&application_name=x&options=-c%20search_path%3Dice';
      const profile = catalogProfile({ name: 'pg', type: 'sql', properties: { uri }, location: '/w/t' }, { cwd: '/home/me', env: { PGPASSWORD: 'pw' } });
      expect(profile.uri).toBe('jdbc:postgresql://db:5432/iceberg?sslmode=verify-full&sslrootcert=%2Fhome%2Fme%2Fcerts%2Fca.pem&options=-c+search_path%3Dice');
      expect(profile.secrets).toEqual({ 'jdbc.password': { env: 'PGPASSWORD' } });
    });

    it('should reference REST secrets through the environment when it sets them, else through the profile', () => {
      const properties = { uri: 'http://rest:8181', credential: 'id:secret', token: 'tkn', scope: 'catalog', 'header.x-api-key': 'k' };
      const env = { PYICEBERG_CATALOG__REST__CREDENTIAL: 'id:secret' };
      const profile = catalogProfile({ name: 'rest', type: 'rest', properties, location: 's3://b/t' }, { cwd: '/', env });
      expect(profile.secrets).toEqual({
        credential: { env: 'PYICEBERG_CATALOG__REST__CREDENTIAL' },
        token: { catalog: 'rest', property: 'token' },
        'header.x-api-key': { catalog: 'rest', property: 'header.x-api-key' }
      });
      expect(profile.properties).toEqual({ scope: 'catalog' });
      expect(JSON.stringify(profile)).not.toMatch(/id:secret|tkn/);
    });

    it("should give Spark's GlueCatalog the endpoint, catalog id and region, and no Glue key", () => {
      const properties = {
        'glue.endpoint': 'http://127.0.0.1:5000',
        'glue.id': '123456789012',
        'glue.region': 'eu-west-1',
        'glue.access-key-id': 'AKIAGLUE',
        'glue.secret-access-key': 'glue/secret'
      };
      const profile = catalogProfile({ name: 'g', type: 'glue', properties, location: 's3://b/t' }, CONTEXT);
      expect(profile.kind).toBe('glue');
      expect(profile.properties).toEqual({ 'glue.endpoint': 'http://127.0.0.1:5000', 'glue.id': '123456789012', 'client.region': 'eu-west-1' });
      expect(JSON.stringify(profile)).not.toMatch(/AKIAGLUE|glue\/secret/);
    });

    it("should give Spark's HiveCatalog the metastore URIs as pyiceberg lists them", () => {
      const properties = { uri: 'thrift://hms-1:9083,thrift://hms-2:9083', warehouse: 's3://lake/wh' };
      const profile = catalogProfile({ name: 'meta', type: 'hive', properties, location: 's3://lake/wh/sci.db/t' }, CONTEXT);
      expect(profile).toMatchObject({ kind: 'hive', uri: 'thrift://hms-1:9083,thrift://hms-2:9083', warehouse: 's3://lake/wh' });
      expect(sparkCatalogConf(profile)).toMatchObject({
        'spark.sql.catalog.meta': 'org.apache.iceberg.spark.SparkCatalog',
        'spark.sql.catalog.meta.type': 'hive',
        'spark.sql.catalog.meta.uri': 'thrift://hms-1:9083,thrift://hms-2:9083',
        'spark.sql.catalog.meta.warehouse': 's3://lake/wh'
      });
    });

    it('should name the catalog when its type has no snippets', () => {
      expect(() => catalogProfile({ name: 'nes', type: 'nessie', properties: {}, location: 's3://b' }, CONTEXT)).toThrow("catalog 'nes' has type 'nessie'");
    });
  });

  describe('#storageProfile', () => {
    it('should describe S3 on a custom endpoint as path-style, with configured keys referenced', () => {
      const properties = { 's3.endpoint': 'http://127.0.0.1:5000', 's3.region': 'eu-west-1', 's3.access-key-id': 'AKIA', 's3.secret-access-key': 'shh' };
      const profile = storageProfile({ name: 'lake', type: 'sql', properties, location: 's3a://bucket/t/data' }, {});
      expect(profile).toEqual({
        kind: 's3',
        endpoint: 'http://127.0.0.1:5000',
        region: 'eu-west-1',
        pathStyleAccess: true,
        credentials: { accessKeyId: { catalog: 'lake', property: 's3.access-key-id' }, secretAccessKey: { catalog: 'lake', property: 's3.secret-access-key' } }
      });
    });

    it('should leave AWS S3 credentials to the default chain', () => {
      expect(storageProfile({ name: 'lake', type: 'rest', properties: { 'client.region': 'us-east-1' }, location: 's3://bucket/t' }, {})).toEqual({
        kind: 's3',
        region: 'us-east-1',
        pathStyleAccess: false
      });
    });
  });
});
