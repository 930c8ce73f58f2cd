import 'server-only';
import { HttpResponse } from '@smithy/core/transport';
import type { DeserializeMiddleware, MiddlewareStack } from '@smithy/types';

/**
 * Paginated Describe calls that ask for the next page as soon as a page's bytes are in: its NextToken is read from
 * the end of the XML, so the request is on its way while the SDK parses the page (parsing a page of 1,000 snapshots
 * takes longer than many a round trip). The parsed NextToken stays the authority: a page asked for ahead with any
 * other token is dropped, and the right one asked for.
 */

/** How EC2 writes the token of the next page, after the items of a Describe's answer. */
const OPEN = '<nextToken>';
const CLOSE = '</nextToken>';

/** The NextToken written in an EC2 answer's bytes; null when there is none, or it would need decoding (an entity). */
export function nextTokenIn(body: Uint8Array): string | null {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const open = bytes.lastIndexOf(OPEN);
  if (open < 0) return null;
  const from = open + OPEN.length;
  const close = bytes.indexOf(CLOSE, from);
  if (close <= from) return null;
  const token = bytes.toString('utf8', from, close);
  return token.includes('&') ? null : token;
}

const isStream = (body: unknown): body is AsyncIterable<Uint8Array> =>
  typeof (body as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';

async function bytesOf(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Just inside the SDK's deserializer: takes a successful answer's bytes, hands the NextToken written in them to
 * `ahead`, and passes the bytes on to be parsed as they would have been.
 */
function readAhead<I extends object, O extends object>(ahead: (token: string) => void): DeserializeMiddleware<I, O> {
  return (next) => async (args) => {
    const result = await next(args);
    const { response } = result;
    if (HttpResponse.isInstance(response) && response.statusCode === 200 && isStream(response.body)) {
      const body = await bytesOf(response.body);
      response.body = body;
      const token = nextTokenIn(body);
      if (token !== null) ahead(token);
    }
    return result;
  };
}

/** Adds the read-ahead to one page's command (its middleware stack). */
export type ReadAhead = <I extends object, O extends object>(stack: MiddlewareStack<I, O>) => void;

/** Asks for one page with that NextToken, the read-ahead added to its command. */
export type AskPage<P> = (token: string | undefined, ahead: ReadAhead) => Promise<P>;

/** One page asked for, and the page after it once its token is known (from the bytes, before the parse). */
class Page<P> {
  next: Page<P> | null = null;
  /** Not wanted any more (a list that failed, a token that did not match): asks for nothing ahead. */
  private dropped = false;
  readonly answer: Promise<P>;

  constructor(
    readonly token: string | undefined,
    ask: AskPage<P>,
  ) {
    const ahead = (nextToken: string) => {
      if (!this.dropped && this.next === null && nextToken !== token) this.next = new Page(nextToken, ask);
    };
    this.answer = ask(token, (stack) =>
      stack.addRelativeTo(readAhead(ahead), {
        relation: 'after',
        toMiddleware: 'deserializerMiddleware',
        name: 'lineageReadAhead',
      }),
    );
    // A page asked for ahead is awaited only if the pages before it succeed; its failure is reported there.
    this.answer.catch(() => undefined);
  }

  /** Drops the pages asked for ahead of this one (a request on its way still ends on its own). */
  dropAhead(): void {
    for (let page = this.next; page !== null; page = page.next) page.dropped = true;
  }
}

/**
 * Every page of a Describe call, following NextToken (each page is one request, stopped by the caller's signal), in
 * order; the next page is asked for as soon as this one's bytes are in.
 */
export async function allPages<P extends { NextToken?: string }, T>(
  ask: AskPage<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let page = new Page<P>(undefined, ask);
  try {
    for (;;) {
      const answer = await page.answer;
      const items = pick(answer) ?? [];
      // eslint-disable-next-line @typescript-eslint/prefer-for-of -- up to 1,000 items a page: no spread arguments
      for (let i = 0; i < items.length; i++) out.push(items[i]!);
      const token = answer.NextToken !== page.token ? answer.NextToken : undefined;
      if (!token) return out;
      if (page.next?.token !== token) {
        page.dropAhead();
        page.next = new Page(token, ask);
      }
      page = page.next;
    }
  } finally {
    page.dropAhead();
  }
}
