import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlText {
  text: string;
  title: string | null;
  /** The page's declared language (`<html lang>`), unparsed. */
  lang: string | null;
  /** Publication time found by readability in the page's metadata, unparsed. */
  publishedTime: string | null;
  /** 'readability' when the main-content heuristic found the article, 'body' for the fallback. */
  extractedBy: 'readability' | 'body';
}

// Minimal structural views of the DOM nodes we walk: linkedom's own types are loose.
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  tagName?: string;
}

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
const NEVER_TEXT = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'HEAD',
]);
// Page chrome, skipped only in the body fallback (readability already removed it otherwise).
const CHROME = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM', 'BUTTON', 'SELECT', 'MENU', 'DIALOG']);

/**
 * Text of a DOM subtree with block elements as paragraph breaks. readability's own `textContent`
 * runs paragraphs together, which would lose the blank-line paragraph structure of Article.text.
 */
function collect(node: DomNode, skip: ReadonlySet<string>, out: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      out.push(child.textContent ?? '');
    } else if (child.nodeType === 1) {
      const tag = (child.tagName ?? '').toUpperCase();
      if (NEVER_TEXT.has(tag) || skip.has(tag)) continue;
      const block = BLOCK.has(tag);
      if (block) out.push('\n\n');
      collect(child, skip, out);
      if (block) out.push('\n\n');
    }
  }
}

function textOf(node: DomNode, skip: ReadonlySet<string>): string {
  const out: string[] = [];
  collect(node, skip, out);
  return out.join('');
}

/** Main text of an HTML page (not yet normalised): readability first, the body text otherwise. */
export function htmlToText(source: string): HtmlText {
  // linkedom only builds <html>/<body> for complete documents; fragments (feed item content) are wrapped.
  const html = /<html[\s>]/i.test(source) ? source : `<!doctype html><html><body>${source}</body></html>`;
  const { document } = parseHTML(html);
  const lang = document.documentElement?.getAttribute('lang')?.trim() || null;
  const pageTitle = document.querySelector('title')?.textContent?.trim() || null;
  let parsed: ReturnType<Readability<DomNode>['parse']> = null;
  try {
    // readability mutates the document; the fallback below re-parses from the source string.
    const reader = new Readability<DomNode>(
      document as unknown as ConstructorParameters<typeof Readability>[0],
      {
        serializer: (el) => el as unknown as DomNode,
      },
    );
    parsed = reader.parse();
  } catch {
    parsed = null; // readability throws on some malformed documents: fall back to the body
  }
  const main = parsed?.content ? textOf(parsed.content, new Set()) : '';
  if (main.trim().length > 0) {
    return {
      text: main,
      title: parsed?.title?.trim() || pageTitle,
      lang: parsed?.lang?.trim() || lang,
      publishedTime: parsed?.publishedTime?.trim() || null,
      extractedBy: 'readability',
    };
  }
  const fresh = parseHTML(html).document;
  const body = (fresh.body ?? fresh.documentElement) as unknown as DomNode | null;
  return {
    text: body ? textOf(body, CHROME) : '',
    title: pageTitle,
    lang,
    publishedTime: null,
    extractedBy: 'body',
  };
}
