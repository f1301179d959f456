import type { CatalogProfile, StorageProfile } from '../../../core/snippets';
import { PyCode } from '../../../core/snippets/emit';
import { hadoopS3Options, sparkCheckProgram } from '../sparkCheckProgram';

const S3: StorageProfile = { kind: 's3', endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', pathStyleAccess: true };

function catalog(storage: StorageProfile): CatalogProfile {
  return { name: 'lake', kind: 'sql', uri: 'jdbc:sqlite:/lake/catalog.db', warehouse: 's3://bucket/wh', storage };
}

/** The program's lines between its session code and its listing's S3A settings, both included. */
function hadoopLines(storage: StorageProfile): string[] {
  const program = sparkCheckProgram(catalog(storage), { remote: 'sc://spark:15002' });
  const lines = program.split('\n');
  const filter = 'hadoop_options = {key: value for key, value in hadoop_options.items() if value is not None}';
  return lines.slice(lines.indexOf('for key, value in catalog_conf.items():') + 3, lines.indexOf(filter) + 1);
}

describe('hadoopS3Options', () => {
  it('should give S3A the catalog’s endpoint, region and addressing, and read configured keys from the kernel’s pyiceberg configuration', () => {
    const keys = { catalog: 'lake', property: 's3.access-key-id' };
    const secret = { catalog: 'lake', property: 's3.secret-access-key' };
    const token = { env: 'PYICEBERG_CATALOG__LAKE__S3__SESSION_TOKEN' };
    const config = ['from pyiceberg.utils.config import Config'];
    expect(hadoopS3Options({ ...S3, credentials: { accessKeyId: keys, secretAccessKey: secret, sessionToken: token } })).toEqual({
      'fs.s3a.endpoint': 'http://127.0.0.1:9000',
      'fs.s3a.endpoint.region': 'eu-west-1',
      'fs.s3a.path.style.access': 'true',
      'fs.s3a.access.key': new PyCode('Config().get_catalog_config("lake").get("s3.access-key-id")', config),
      'fs.s3a.secret.key': new PyCode('Config().get_catalog_config("lake").get("s3.secret-access-key")', config),
      'fs.s3a.session.token': new PyCode('os.environ.get("PYICEBERG_CATALOG__LAKE__S3__SESSION_TOKEN")', ['import os'])
    });
  });

  it('should set nothing for local tables', () => {
    expect(hadoopS3Options({ kind: 'local' })).toEqual({});
    expect(hadoopLines({ kind: 'local' })).toEqual([
      '',
      "# Hadoop's S3A settings for the listing's one read (Spark redacts the keys in its plans and logs).",
      'hadoop_options = {}',
      'hadoop_options = {key: value for key, value in hadoop_options.items() if value is not None}'
    ]);
  });

  it('should read the AWS variables when the catalog configures no keys, as the catalog’s S3FileIO does', () => {
    expect(hadoopLines({ kind: 's3' })).toEqual([
      '',
      'import os',
      "# Hadoop's S3A settings for the listing's one read (Spark redacts the keys in its plans and logs).",
      'hadoop_options = {',
      '    "fs.s3a.access.key": os.environ.get("AWS_ACCESS_KEY_ID"),',
      '    "fs.s3a.secret.key": os.environ.get("AWS_SECRET_ACCESS_KEY"),',
      '    "fs.s3a.session.token": os.environ.get("AWS_SESSION_TOKEN"),',
      '}',
      'hadoop_options = {key: value for key, value in hadoop_options.items() if value is not None}'
    ]);
  });

  it('should load a vended table once and give S3A the keys its FileIO holds', () => {
    const vended = (property: string) => ({ catalog: 'lake', property, vendedFor: ['sci', 'obs'] });
    const storage: StorageProfile = {
      ...S3,
      vended: true,
      credentials: { accessKeyId: vended('s3.access-key-id'), secretAccessKey: vended('s3.secret-access-key'), sessionToken: vended('s3.session-token') }
    };
    expect(hadoopLines(storage)).toEqual([
      '',
      'from pyiceberg.catalog import load_catalog',
      'vended_properties = load_catalog("lake").load_table(("sci", "obs",)).io.properties',
      "# Hadoop's S3A settings for the listing's one read (Spark redacts the keys in its plans and logs).",
      'hadoop_options = {',
      '    "fs.s3a.endpoint": "http://127.0.0.1:9000",',
      '    "fs.s3a.endpoint.region": "eu-west-1",',
      '    "fs.s3a.path.style.access": "true",',
      '    "fs.s3a.access.key": vended_properties.get("s3.access-key-id"),',
      '    "fs.s3a.secret.key": vended_properties.get("s3.secret-access-key"),',
      '    "fs.s3a.session.token": vended_properties.get("s3.session-token"),',
      '}',
      'hadoop_options = {key: value for key, value in hadoop_options.items() if value is not None}'
    ]);
  });
});
