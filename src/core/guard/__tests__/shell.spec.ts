import { classifyShell } from '../shell';

function targets(script: string): [string, string, boolean][] {
  return classifyShell(script).map(w => [w.operation, w.target, w.delete]);
}

describe('classifyShell', () => {
  it.each([
    ['rm -rf /lake/t', [['rm', '/lake/t', true]]],
    [
      'mv /lake/t/a /tmp/a',
      [
        ['mv', '/tmp/a', false],
        ['mv', '/lake/t/a', true]
      ]
    ],
    ['cp -r /tmp/a /lake/t/', [['cp', '/lake/t/', false]]],
    ['aws s3 cp s3://lake/t/x.parquet /tmp/ --recursive', [['aws s3 cp', '/tmp/', false]]],
    ['aws s3 rm --recursive s3://lake/t', [['aws s3 rm', 's3://lake/t', true]]],
    ['aws s3 sync ./out s3://lake/t --exclude "*.crc" --delete', [['aws s3 sync', 's3://lake/t', false]]],
    ['gsutil -m rm -r gs://lake/t', [['gsutil rm', 'gs://lake/t', true]]],
    ['hdfs dfs -rm -r -skipTrash /lake/t', [['hdfs dfs -rm', '/lake/t', true]]],
    ['hadoop fs -put local.parquet /lake/t/', [['hdfs dfs -put', '/lake/t/', false]]],
    ['echo done > /lake/t/STATUS', [['>', '/lake/t/STATUS', false]]],
    ['find /lake/t -name "*.tmp" -delete', [['find -delete', '/lake/t', true]]],
    ['sudo rm /lake/t/x && ls /lake', [['rm', '/lake/t/x', true]]],
    ['ls /lake/t | wc -l', []],
    ['cat /lake/t/x 2>/dev/null', []],
    ['echo "rm -rf /lake/t"', []]
  ] as [string, [string, string, boolean][]][])('should classify %s', (script, expected) => {
    expect(targets(script)).toEqual(expected);
  });

  it('should expand variables assigned in the script and keep each command’s line', () => {
    expect(classifyShell('set -e\nT=s3://lake/t\naws s3 rm "$T/data" --recursive\nrm ${T}/x')).toEqual([
      { line: 2, operation: 'aws s3 rm', target: 's3://lake/t/data', delete: true },
      { line: 3, operation: 'rm', target: 's3://lake/t/x', delete: true }
    ]);
  });
});
