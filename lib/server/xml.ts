import 'server-only';
import type { EC2Client } from '@aws-sdk/client-ec2';

/**
 * EC2's answers read faster. The SDK turns an answer's XML into a tree of plain objects (tag → text, repeated tags →
 * arrays), then reads the tree by the operation's schema. Its XML reader builds every tag and text a character at a
 * time, which is most of the app's CPU on a cold read of a large account. This reader makes the same tree by
 * slicing, for the plain XML EC2 writes: elements, text and the standard entities, attributes on the root only.
 * Anything else (comments, CDATA, a doctype, attributes inside, mixed text and elements, malformed input) is left to
 * the SDK's own reader, as is every error it would report.
 */

/** Something this reader leaves to the SDK's. */
class NotPlain extends Error {}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The SDK's entity decoding: numeric references, the five named ones, any other name as nothing. */
function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, hex?: string, dec?: string, named?: string) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (dec) return String.fromCharCode(parseInt(dec, 10));
    return NAMED[named!] ?? '';
  });
}

/** Character codes: < > / " ' ! ? and the white space the SDK skips between attributes. */
const [LT, GT, SLASH, QUOTE, APOS, BANG, QUESTION] = [60, 62, 47, 34, 39, 33, 63];
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

type Tree = string | { [tag: string]: Tree | Tree[] };

class Reader {
  i = 0;
  constructor(readonly x: string) {}

  /** A tag's name, from just after `<`. */
  private name(): string {
    const { x } = this;
    const start = this.i;
    let c = x.charCodeAt(this.i);
    while (this.i < x.length && !isSpace(c) && c !== GT && c !== SLASH) c = x.charCodeAt(++this.i);
    const name = x.slice(start, this.i);
    if (name === '' || name === '__proto__') throw new NotPlain();
    return name;
  }

  /** The root's attributes (`xmlns`): name="value" pairs up to `>` or `/>`. */
  private attributes(into: Record<string, string>): void {
    const { x } = this;
    for (;;) {
      while (isSpace(x.charCodeAt(this.i))) this.i++;
      const c = x.charCodeAt(this.i);
      if (c === GT || c === SLASH || this.i >= x.length) return;
      const eq = x.indexOf('=', this.i);
      if (eq < 0) throw new NotPlain();
      const name = x.slice(this.i, eq).trim();
      const quote = x.charCodeAt(eq + 1);
      if ((quote !== QUOTE && quote !== APOS) || name === '' || name === '__proto__' || /[\s>/?]/.test(name)) {
        throw new NotPlain();
      }
      const end = x.indexOf(quote === QUOTE ? '"' : "'", eq + 2);
      if (end < 0) throw new NotPlain();
      into[name] = decode(x.slice(eq + 2, end));
      this.i = end + 1;
    }
  }

  /** One element from its `<`: its name and value as the SDK's reader makes them. */
  element(root: boolean): [string, Tree] {
    const { x } = this;
    this.i++;
    const tag = this.name();
    const attrs: Record<string, string> = {};
    if (root) this.attributes(attrs);
    else while (isSpace(x.charCodeAt(this.i))) this.i++; // an attribute, if any follows, is left to the SDK
    const hasAttrs = Object.keys(attrs).length > 0;
    if (x.charCodeAt(this.i) === SLASH) {
      if (x.charCodeAt(this.i + 1) !== GT) throw new NotPlain();
      this.i += 2;
      return [tag, hasAttrs ? attrs : ''];
    }
    if (x.charCodeAt(this.i) !== GT) throw new NotPlain();
    this.i++;
    let text: string | null = null;
    let children: Record<string, Tree | Tree[]> | null = null;
    for (;;) {
      const lt = x.indexOf('<', this.i);
      if (lt < 0) throw new NotPlain();
      if (lt > this.i) {
        const run = x.slice(this.i, lt);
        // Between elements, white space with a line break is layout; any other text beside elements is mixed content.
        if (children !== null || x.charCodeAt(lt + 1) !== SLASH) {
          if (run.trim() !== '' || !run.includes('\n')) throw new NotPlain();
        } else text = decode(run);
      }
      this.i = lt;
      const next = x.charCodeAt(lt + 1);
      if (next === SLASH) break;
      if (next === BANG || next === QUESTION) throw new NotPlain();
      if (text !== null) throw new NotPlain();
      const [childTag, value] = this.element(false);
      children ??= {};
      const seen = children[childTag];
      if (seen === undefined) children[childTag] = value;
      else if (Array.isArray(seen)) seen.push(value);
      else children[childTag] = [seen, value];
    }
    const close = x.indexOf('>', this.i + 2);
    if (close < 0 || x.slice(this.i + 2, close).trim() !== tag) throw new NotPlain();
    this.i = close + 1;
    const layout = text === null || (text.trim() === '' && text.includes('\n'));
    if (children !== null || hasAttrs) {
      if (!layout) throw new NotPlain(); // the SDK keeps it as #text beside the attributes
      return [tag, Object.assign(children ?? {}, attrs)];
    }
    return [tag, layout ? '' : text!];
  }
}

/**
 * What the SDK's XML reader answers for plain XML (the root element's value), or NotPlain. `xml` is the answer's
 * text as the SDK decoded it.
 */
export function readPlainXml(xml: string): Tree {
  const text = xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml;
  const reader = new Reader(text);
  let start = 0;
  while (isSpace(text.charCodeAt(start))) start++;
  if (text.startsWith('<?', start)) {
    const end = text.indexOf('?>', start);
    if (end < 0) throw new NotPlain();
    start = end + 2;
    while (isSpace(text.charCodeAt(start))) start++;
  }
  const second = text.charCodeAt(start + 1);
  if (text.charCodeAt(start) !== LT || second === BANG || second === QUESTION) throw new NotPlain();
  reader.i = start;
  const [, value] = reader.element(true);
  for (let i = reader.i; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) throw new NotPlain();
  if (typeof value !== 'object') throw new NotPlain();
  return value;
}

/** The part of the SDK's XML deserializer this replaces: its method from text to tree. */
interface XmlDeserializer {
  parseXml: (xml: string) => unknown;
  lineageReadsPlainXml?: true;
}

function xmlDeserializerOf(client: EC2Client): XmlDeserializer | null {
  const protocol: unknown = (client.config as { protocol?: unknown }).protocol;
  const deserializer = (protocol as { deserializer?: Partial<XmlDeserializer> } | undefined)?.deserializer;
  return typeof deserializer?.parseXml === 'function' ? (deserializer as XmlDeserializer) : null;
}

/**
 * Reads this client's answers with the plain-XML reader, the SDK's own reader taking whatever it leaves. A client
 * whose SDK reads XML some other way is left as it is.
 */
export function readXmlFaster(client: EC2Client): void {
  const deserializer = xmlDeserializerOf(client);
  if (deserializer === null || deserializer.lineageReadsPlainXml) return;
  const sdkParse = deserializer.parseXml.bind(deserializer);
  deserializer.parseXml = (xml: string) => {
    if (xml.length === 0) return sdkParse(xml);
    try {
      return readPlainXml(xml);
    } catch {
      return sdkParse(xml);
    }
  };
  deserializer.lineageReadsPlainXml = true;
}
