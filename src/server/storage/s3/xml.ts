/**
 * The few S3 XML responses we read (ListObjectsV2 and error bodies). Their
 * shape is flat and fixed, so a scanner over element text is enough; a
 * general XML parser would be a dependency for nothing.
 */

export interface ListedObject {
  key: string;
  size: number;
  modifiedMs?: number;
}

export interface ListPage {
  objects: ListedObject[];
  /** With a delimiter: the "directories" one level down, each ending in the delimiter. */
  commonPrefixes: string[];
  /** Present when there are more pages. */
  nextContinuationToken?: string;
}

export interface S3ErrorBody {
  code?: string;
  message?: string;
}

/** Parse a ListObjectsV2 result requested with `encoding-type=url`. */
export function parseListPage(xml: string): ListPage {
  const urlEncoded = elementText(xml, 'EncodingType') === 'url';
  const decodeKey = (key: string): string => (urlEncoded ? decodeS3Url(key) : key);
  const objects = elements(xml, 'Contents').map(block => {
    const modified = elementText(block, 'LastModified');
    const modifiedMs = modified ? Date.parse(modified) : NaN;
    return {
      key: decodeKey(elementText(block, 'Key') ?? ''),
      size: Number(elementText(block, 'Size') ?? 0),
      ...(Number.isNaN(modifiedMs) ? {} : { modifiedMs })
    };
  });
  const commonPrefixes = elements(xml, 'CommonPrefixes').map(block => decodeKey(elementText(block, 'Prefix') ?? ''));
  const truncated = elementText(xml, 'IsTruncated') === 'true';
  const token = elementText(xml, 'NextContinuationToken');
  return { objects, commonPrefixes, ...(truncated && token ? { nextContinuationToken: token } : {}) };
}

/**
 * Code and message of an S3 error body. Deliberately nothing else: bodies of
 * `SignatureDoesNotMatch` echo the string to sign and the access key id.
 */
export function parseErrorBody(xml: string): S3ErrorBody {
  return { code: elementText(xml, 'Code'), message: elementText(xml, 'Message') };
}

/**
 * Contents of each `<name>…</name>`, in order, the first closing tag ending an
 * element. Found with `indexOf` rather than `<name>([\s\S]*?)</name>`, which
 * searched for a closing tag again from every opening one: quadratic on a body
 * of unclosed tags.
 */
function* elementContents(xml: string, name: string): Generator<string> {
  const open = `<${name}>`;
  const close = `</${name}>`;
  for (let from = xml.indexOf(open); from !== -1;) {
    const end = xml.indexOf(close, from + open.length);
    if (end === -1) {
      return;
    }
    yield xml.slice(from + open.length, end);
    from = xml.indexOf(open, end + close.length);
  }
}

function elements(xml: string, name: string): string[] {
  return Array.from(elementContents(xml, name));
}

function elementText(xml: string, name: string): string | undefined {
  const first = elementContents(xml, name).next();
  return first.done ? undefined : unescapeXml(first.value);
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}

/** S3's `encoding-type=url` form: `+` for space, `%XX` for the rest (as botocore decodes it). */
function decodeS3Url(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}
