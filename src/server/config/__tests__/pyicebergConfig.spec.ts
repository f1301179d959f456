import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PYTHON } from '../../catalogs/__tests__/lakehouse';
import { applyEnvironment, configSearchDirs, ConfigError, loadPyicebergConfig, parseConfigYaml } from '../pyicebergConfig';

/** Three directories standing for PYICEBERG_HOME, the home directory and the working directory. */
function dirs(): { home: string; pyicebergHome: string; cwd: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-config-'));
  const made = { home: path.join(root, 'home'), pyicebergHome: path.join(root, 'pyiceberg-home'), cwd: path.join(root, 'cwd') };
  Object.values(made).forEach(dir => fs.mkdirSync(dir));
  return made;
}

function writeYaml(dir: string, text: string): string {
  const file = path.join(dir, '.pyiceberg.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** What pyiceberg itself makes of the same files and variables. */
function pyicebergView(env: NodeJS.ProcessEnv, cwd: string): { catalogs: Record<string, unknown>; default: string } {
  const code = [
    'import json',
    'from pyiceberg.utils.config import Config',
    'c = Config()',
    'print(json.dumps({"catalogs": {n: c.get_catalog_config(n) for n in c.get_known_catalogs()}, "default": c.get_default_catalog_name()}))'
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', code], { encoding: 'utf-8', env, cwd }));
}

describe('loadPyicebergConfig', () => {
  describe('#search order', () => {
    it('should prefer PYICEBERG_HOME, then the home directory, then the working directory', () => {
      const d = dirs();
      writeYaml(d.cwd, 'catalog:\n  from-cwd:\n    uri: sqlite:///cwd.db\n');
      const sources = { env: {}, homeDir: d.home, cwd: d.cwd };
      expect(Object.keys(loadPyicebergConfig(sources).catalogs)).toEqual(['from-cwd']);

      writeYaml(d.home, 'catalog:\n  from-home:\n    uri: sqlite:///home.db\n');
      expect(Object.keys(loadPyicebergConfig(sources).catalogs)).toEqual(['from-home']);

      const file = writeYaml(d.pyicebergHome, 'catalog:\n  from-pyiceberg-home:\n    uri: sqlite:///p.db\n');
      const config = loadPyicebergConfig({ ...sources, env: { PYICEBERG_HOME: d.pyicebergHome } });
      expect(Object.keys(config.catalogs)).toEqual(['from-pyiceberg-home']);
      expect(config.file).toBe(file);
    });

    it('should move on past an empty file (on which pyiceberg itself fails)', () => {
      const d = dirs();
      writeYaml(d.home, '');
      writeYaml(d.cwd, 'catalog:\n  found:\n    uri: sqlite:///x.db\n');
      expect(Object.keys(loadPyicebergConfig({ env: {}, homeDir: d.home, cwd: d.cwd }).catalogs)).toEqual(['found']);
    });

    it('should give no catalogs and no error when no file exists', () => {
      const d = dirs();
      const config = loadPyicebergConfig({ env: {}, homeDir: d.home, cwd: d.cwd });
      expect(config).toEqual({ file: null, catalogs: {}, defaultCatalog: 'default', error: null });
    });

    it('should list the directories in pyiceberg order, leaving out an unset PYICEBERG_HOME', () => {
      expect(configSearchDirs({ env: {}, homeDir: '/h', cwd: '/c' })).toEqual(['/h', '/c']);
      expect(configSearchDirs({ env: { PYICEBERG_HOME: '/p' }, homeDir: '/h', cwd: '/c' })).toEqual(['/p', '/h', '/c']);
    });
  });

  describe('#values', () => {
    it('should keep every scalar a string and lower-case keys', () => {
      const d = dirs();
      writeYaml(d.home, 'Default-Catalog: Lake\ncatalog:\n  Lake:\n    URI: http://localhost:8181\n    rest-page-size: 100\n    s3.path-style-access: true\n');
      const config = loadPyicebergConfig({ env: {}, homeDir: d.home, cwd: d.cwd });
      expect(config.catalogs).toEqual({ lake: { uri: 'http://localhost:8181', 'rest-page-size': '100', 's3.path-style-access': 'true' } });
      expect(config.defaultCatalog).toBe('Lake');
    });

    it('should flatten nested maps into dotted keys', () => {
      const d = dirs();
      writeYaml(d.home, 'catalog:\n  r:\n    uri: http://x\n    auth:\n      type: oauth2\n      oauth2:\n        client_id: me\n');
      const { catalogs } = loadPyicebergConfig({ env: {}, homeDir: d.home, cwd: d.cwd });
      expect(catalogs.r).toEqual({ uri: 'http://x', 'auth.type': 'oauth2', 'auth.oauth2.client_id': 'me' });
    });
  });

  describe('#environment', () => {
    it('should map PYICEBERG_CATALOG__<NAME>__<KEY> as pyiceberg does', () => {
      const tree = {};
      applyEnvironment(tree, {
        PYICEBERG_CATALOG__PROD__URI: 'http://rest:8181',
        PYICEBERG_CATALOG__PROD__S3__SECRET_ACCESS_KEY: 'abc',
        pyiceberg_catalog__my_cat__warehouse: 's3://bucket',
        PYICEBERG_DEFAULT_CATALOG: 'prod',
        UNRELATED: 'x'
      });
      expect(tree).toEqual({
        catalog: { prod: { uri: 'http://rest:8181', 's3.secret-access-key': 'abc' }, 'my-cat': { warehouse: 's3://bucket' } },
        'default-catalog': 'prod'
      });
    });

    it('should let variables override and extend the file', () => {
      const d = dirs();
      writeYaml(d.home, 'catalog:\n  lake:\n    uri: sqlite:///old.db\n    warehouse: /w\n');
      const env = { PYICEBERG_CATALOG__LAKE__URI: 'sqlite:///new.db', PYICEBERG_CATALOG__ENVONLY__TYPE: 'rest' };
      const { catalogs } = loadPyicebergConfig({ env, homeDir: d.home, cwd: d.cwd });
      expect(catalogs).toEqual({ lake: { uri: 'sqlite:///new.db', warehouse: '/w' }, envonly: { type: 'rest' } });
    });

    it('should report a variable that collides with a scalar', () => {
      const d = dirs();
      writeYaml(d.home, 'default-catalog: lake\ncatalog:\n  lake:\n    uri: sqlite:///x.db\n');
      const config = loadPyicebergConfig({ env: { PYICEBERG_DEFAULT_CATALOG__X: 'y' }, homeDir: d.home, cwd: d.cwd });
      expect(config.error?.message).toBe("Environment variable PYICEBERG_DEFAULT_CATALOG__X conflicts with the value of 'default-catalog'");
      expect(Object.keys(config.catalogs)).toEqual(['lake']);
    });

    it('should agree with pyiceberg on the same files and variables', () => {
      const d = dirs();
      writeYaml(
        d.pyicebergHome,
        'catalog:\n  Lake:\n    uri: sqlite:///lake.db\n    Warehouse: file:///w\n  rest_one:\n    uri: http://127.0.0.1:1\n    rest-page-size: 5\n'
      );
      writeYaml(d.home, 'catalog:\n  ignored:\n    uri: sqlite:///i.db\n');
      const env = {
        PATH: process.env.PATH,
        HOME: d.home,
        PYICEBERG_HOME: d.pyicebergHome,
        PYICEBERG_CATALOG__LAKE__S3__ENDPOINT: 'http://127.0.0.1:9000',
        PYICEBERG_CATALOG__REST_ONE__CREDENTIAL: 'id:secret',
        PYICEBERG_CATALOG__REST_ONE__HEADER__X_TENANT: 't1',
        PYICEBERG_CATALOG__NEW_CAT__URI: 'sqlite:///n.db',
        PYICEBERG_DEFAULT_CATALOG: 'lake'
      };
      const ours = loadPyicebergConfig({ env, homeDir: d.home, cwd: d.cwd });
      const theirs = pyicebergView(env, d.cwd);
      expect(ours.catalogs).toEqual(theirs.catalogs);
      expect(ours.defaultCatalog).toBe(theirs.default);
    });
  });

  describe('#malformed files', () => {
    it('should name the file and the line of a YAML syntax error and keep environment catalogs', () => {
      const d = dirs();
      const file = writeYaml(d.home, 'catalog:\n  lake:\n    uri: sqlite:///x.db\n   bad: [unclosed\n');
      const config = loadPyicebergConfig({ env: { PYICEBERG_CATALOG__ENV__URI: 'http://x' }, homeDir: d.home, cwd: d.cwd });
      expect(config.error).toBeInstanceOf(ConfigError);
      expect(config.error?.file).toBe(file);
      expect(config.error?.message).toMatch(new RegExp(`^Malformed \\.pyiceberg\\.yaml: ${file} line 4: `));
      expect(config.catalogs).toEqual({ env: { uri: 'http://x' } });
    });

    it('should reject duplicate keys with their line', () => {
      expect(() => parseConfigYaml('catalog:\n  a:\n    uri: x\n  a:\n    uri: y\n', '/f.yaml')).toThrow(/\/f\.yaml line 4: Map keys must be unique/);
    });

    it('should reject a top level that is not a mapping', () => {
      expect(() => parseConfigYaml('- a\n- b\n', '/f.yaml')).toThrow('the top level must be a mapping');
    });

    it('should reject a catalog that is not a mapping', () => {
      const d = dirs();
      writeYaml(d.home, 'catalog:\n  lake: sqlite:///x.db\n');
      expect(loadPyicebergConfig({ env: {}, homeDir: d.home, cwd: d.cwd }).error?.message).toContain("catalog 'lake'");
    });
  });
});
