import * as path from 'path';
import { readFooter } from '../../verifier/footers';
import { LocalStorage } from '../../storage/local';
import { readParquetMetadata, storageBuffer } from '../parquetFile';

/** Written by pyarrow with a `geo` key-value entry that is not JSON: `root:x:0:0:root:/root:/bin/bash`. */
const FILE = path.join(__dirname, 'fixtures', 'invalid-geo-metadata.parquet');

describe('Parquet metadata', () => {
  const storage = new LocalStorage({ roots: [path.dirname(FILE)] });

  it('should read a footer whose key-value metadata is not JSON, without parsing it', async () => {
    const metadata = await readParquetMetadata(await storageBuffer(storage, FILE));
    expect(metadata.schema.map(element => element.name)).toEqual(['schema', 'obs_id']);
    const footer = await readFooter(storage, FILE);
    expect(footer.columns.map(column => column.name)).toEqual(['obs_id']);
  });
});
