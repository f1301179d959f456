import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAwsProfile, parseIni } from '../profile';
import { resolveS3Config } from '../../storage/s3/config';

describe('loadAwsProfile', () => {
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dual-layout-aws-'));
    fs.mkdirSync(path.join(home, '.aws'));
    fs.writeFileSync(
      path.join(home, '.aws', 'credentials'),
      [
        '# comment',
        '[default]',
        'aws_access_key_id = DEFAULTKEY',
        'aws_secret_access_key = default/secret',
        '[science]',
        'aws_access_key_id=SCIENCEKEY',
        'aws_secret_access_key=science/secret',
        'aws_session_token=science-token'
      ].join('\n')
    );
    fs.writeFileSync(
      path.join(home, '.aws', 'config'),
      ['[default]', 'region = eu-central-1', '[profile science]', 'region = us-west-2', 's3 =', '  addressing_style = path'].join('\n')
    );
  });

  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('should read the default profile and its region', () => {
    expect(loadAwsProfile({}, {}, home)).toEqual({
      name: 'default',
      explicit: false,
      credentials: { accessKeyId: 'DEFAULTKEY', secretAccessKey: 'default/secret', sessionToken: undefined },
      region: 'eu-central-1'
    });
  });

  it('should read the profile named by s3.profile-name, client.profile-name or AWS_PROFILE', () => {
    for (const [properties, env] of [
      [{ 's3.profile-name': 'science', 'client.profile-name': 'other' }, { AWS_PROFILE: 'other' }],
      [{ 'client.profile-name': 'science' }, { AWS_PROFILE: 'other' }],
      [{}, { AWS_PROFILE: 'science' }]
    ]) {
      const profile = loadAwsProfile(properties, env, home);
      expect(profile).toEqual(expect.objectContaining({ name: 'science', explicit: true, region: 'us-west-2' }));
      expect(profile.credentials?.sessionToken).toBe('science-token');
    }
  });

  it('should give nothing when there are no shared files', () => {
    expect(loadAwsProfile({}, {}, '/nonexistent')).toEqual({
      name: 'default',
      explicit: false,
      credentials: undefined,
      region: undefined
    });
  });

  it('should rank an explicit profile above the environment and the default profile below it', () => {
    const env = { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'env/secret' };
    const explicit = { 's3.profile-name': 'science' };
    expect(resolveS3Config(explicit, env, loadAwsProfile(explicit, env, home)).credentials?.accessKeyId).toBe('SCIENCEKEY');
    expect(resolveS3Config({}, env, loadAwsProfile({}, env, home)).credentials?.accessKeyId).toBe('ENVKEY');
    expect(resolveS3Config({}, {}, loadAwsProfile({}, {}, home))).toEqual(
      expect.objectContaining({ region: 'eu-central-1', credentials: expect.objectContaining({ accessKeyId: 'DEFAULTKEY' }) })
    );
    const withKeys = { 's3.access-key-id': 'PROPKEY', 's3.secret-access-key': 'p', ...explicit };
    expect(resolveS3Config(withKeys, env, loadAwsProfile(withKeys, env, home)).credentials?.accessKeyId).toBe('PROPKEY');
  });
});

describe('parseIni', () => {
  it('should skip comments and indented sub-settings', () => {
    expect(parseIni('[a]\nk = v = w\n; c\n  nested = x\n[ b ]\nK=1')).toEqual({ a: { k: 'v = w' }, b: { k: '1' } });
  });
});
