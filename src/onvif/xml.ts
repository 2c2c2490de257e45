// A small, strict XML reader for SOAP answers: elements by local name (namespace prefixes vary between
// devices), attributes, text. Anything that is not well-formed enough to walk is refused (XmlError) so the
// client can report a device that answers garbage instead of guessing.

export interface XmlElement {
  /** Local name, without prefix. */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside this element, unescaped and trimmed. */
  readonly text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

/** Parses a document into its root element. */
export function parseXml(source: string): XmlElement {
  const body = source
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  type Building = { name: string; qualified: string; attributes: Record<string, string>; children: XmlElement[]; text: string };
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  const tag = /<(\/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  const close = (element: Building): void => {
    const done: XmlElement = { name: element.name, attributes: element.attributes, children: element.children, text: element.text.trim() };
    const parent = stack.at(-1);
    if (parent === undefined) {
      if (root !== undefined) throw new XmlError('more than one root element');
      root = done;
    } else parent.children.push(done);
  };
  for (let match = tag.exec(body); match !== null; match = tag.exec(body)) {
    const between = body.slice(last, match.index);
    last = tag.lastIndex;
    if (between.includes('<')) throw new XmlError('malformed markup');
    const current = stack.at(-1);
    if (current !== undefined) current.text += unescape(between);
    else if (between.trim() !== '') throw new XmlError('text outside the root element');
    if (match[5] !== undefined) {
      if (current === undefined) throw new XmlError('CDATA outside the root element');
      current.text += match[5];
      continue;
    }
    const [, closing, qualified = '', attributeText = '', selfClosing] = match;
    if (closing === '/') {
      const open = stack.pop();
      if (open === undefined || open.qualified !== qualified) throw new XmlError(`unexpected </${qualified}>`);
      close(open);
      continue;
    }
    if (root !== undefined && stack.length === 0) throw new XmlError('content after the root element');
    const attributes: Record<string, string> = {};
    for (const [, key = '', double, single] of attributeText.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (!key.startsWith('xmlns')) attributes[localName(key)] = unescape(double ?? single ?? '');
    }
    const element: Building = { name: localName(qualified), qualified, attributes, children: [], text: '' };
    if (selfClosing === '/') close(element);
    else stack.push(element);
  }
  if (body.slice(last).includes('<') || stack.length > 0 || root === undefined) throw new XmlError('unterminated document');
  return root;
}

/** The first descendant (depth first, this element included) with this local name. */
export function find(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (element === undefined) return undefined;
  if (element.name === name) return element;
  for (const child of element.children) {
    const found = find(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every descendant with this local name, outermost first (not searching inside a match). */
export function findAll(element: XmlElement | undefined, name: string): XmlElement[] {
  if (element === undefined) return [];
  if (element.name === name) return [element];
  return element.children.flatMap((child) => findAll(child, name));
}

/** Text of the first descendant with this name, or undefined. */
export function textOf(element: XmlElement | undefined, name: string): string | undefined {
  return find(element, name)?.text;
}

/** Direct children with this local name. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element === undefined ? [] : element.children.filter((child) => child.name === name);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
