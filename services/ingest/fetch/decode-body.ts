import { TextDecoder } from 'node:util';

// Bytes → string by the charset the server declared, else the one the document declares in its
// first kilobyte (<meta charset>, <?xml encoding>), else UTF-8. TextDecoder (WHATWG Encoding, with
// Node's full ICU) knows the legacy labels news sites still use (windows-1252, iso-8859-x, gbk...).
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i;

function decoderFor(label: string | undefined): TextDecoder {
  try {
    return new TextDecoder(label ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

export function decodeBody(bytes: Buffer, contentType: string, mediaType: string): string {
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (declared) return decoderFor(declared).decode(bytes);
  const head = bytes.subarray(0, 1024).toString('latin1');
  const sniffed =
    (mediaType.includes('xml') ? XML_ENCODING : META_CHARSET).exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1];
  return decoderFor(sniffed).decode(bytes);
}
