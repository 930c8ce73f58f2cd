/**
 * The page's first request, sent by the HTML itself: the browser asks for the overview while the app's scripts load
 * and start (seconds on a slow machine), and the first query takes that answer instead of asking again.
 */

const GLOBAL = '__lineageEarly';

/** How many of the biggest families the overview shows one by one. */
export const OVERVIEW_FAMILIES = 48;

/** The overview request: the page's first, now or at a past time (`asOf`), and the one ⟳ makes (`refresh`). */
export function familiesUrl(asOf: string | null, refresh: boolean): string {
  const params = new URLSearchParams({ limit: String(OVERVIEW_FAMILIES), graph: 'small' });
  if (refresh) params.set('refresh', '1');
  if (asOf) params.set('asOf', asOf);
  return `/api/families?${params.toString()}`;
}

/** The inline script that sends the request for `url` as the page is parsed (the server renders it). */
export function earlyRequestScript(url: string): string {
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  return `window.${GLOBAL}={url:${target},response:fetch(${target},{headers:{accept:'application/json'}})};`;
}

interface Early {
  url: string;
  response: Promise<Response>;
}

/** The response to the page's early request for `url`, once: later asks go to the network. */
export function takeEarlyResponse(url: string): Promise<Response> | undefined {
  if (typeof window === 'undefined') return undefined;
  const holder = window as unknown as Record<string, Early | undefined>;
  const early = holder[GLOBAL];
  if (early?.url !== url) return undefined;
  holder[GLOBAL] = undefined;
  return early.response;
}
