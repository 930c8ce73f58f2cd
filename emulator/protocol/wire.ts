import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError } from '../errors';

/** An HTTP request as every protocol sees it. */
export interface WireRequest {
  method: string;
  /** The URL's path, without its query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's address, as CloudTrail records it. */
  sourceIp?: string;
}

export interface WireResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * A service's wire protocol: which operation a request names, its input in the SDK's shape, and the answer and
 * error envelopes. Each is driven by the service model the SDK ships.
 */
export interface Protocol {
  /** An RPC protocol (Query, JSON RPC) answers only `POST /` (and `GET /`); a REST protocol routes by path. */
  rpc: boolean;
  /** The operation the request names; '' when it names none. */
  actionOf(request: WireRequest): string;
  /** The request's input for that operation; values of the wrong type are the protocol's own errors. */
  decode(action: string, request: WireRequest): Record<string, unknown>;
  encode(action: string, result: object, requestId: string): WireResponse;
  encodeError(error: ApiError, requestId: string): WireResponse;
  /** What the service answers for an operation it does not offer. */
  unknownOperation(action: string): ApiError;
}
