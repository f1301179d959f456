import { whyTooBroad } from '../broadRoots';

describe('whyTooBroad', () => {
  const home = '/home/alice';

  it.each([
    ['/', 'it is the whole file system'],
    ['file:///', 'it is the whole file system'],
    ['/etc', 'it is, holds or lies inside the system directory /etc'],
    ['file:/etc/ssl/../ssh', 'it is, holds or lies inside the system directory /etc'],
    ['/proc/self', 'it is, holds or lies inside the system directory /proc'],
    ['/private', 'it is, holds or lies inside the system directory /private/etc'],
    ['/home', 'it holds home directories'],
    ['/home/alice', 'it is or holds the home directory /home/alice'],
    ['/home/bob', 'it is a home directory'],
    ['/Users/carol/', 'it is a home directory'],
    ['/root', 'it is or holds the home directory /root']
  ])('should refuse %s', (root, why) => {
    expect(whyTooBroad(root, home)).toBe(why);
  });

  it.each(['/home/alice/lake', '/root/warehouse', '/tmp/warehouse', '/data', '/var/lib/lake', '/etc2', 's3://bucket', 's3://bucket/etc'])(
    'should accept %s',
    root => {
      expect(whyTooBroad(root, home)).toBeNull();
    }
  );

  it("should refuse the helper's own home directory wherever it is", () => {
    expect(whyTooBroad('/srv/people/dave', '/srv/people/dave')).toBe('it is or holds the home directory /srv/people/dave');
    expect(whyTooBroad('/srv/people', '/srv/people/dave')).toBe('it is or holds the home directory /srv/people/dave');
    expect(whyTooBroad('/srv/people/dave/lake', '/srv/people/dave')).toBeNull();
  });
});
