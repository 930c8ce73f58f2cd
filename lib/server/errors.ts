import 'server-only';
import { isThrottlingError } from '@smithy/core/retry';

/** What went wrong talking to EC2, classified for an HTTP answer and a message a person can act on. */
export interface Ec2Failure {
  status: number;
  code: string;
  message: string;
}

const NOT_FOUND = /\.NotFound$|^InvalidAMIID\.Unavailable$/;
const CONFLICT = new Set([
  'IncorrectInstanceState',
  'IncorrectState',
  'InvalidSnapshot.InUse',
  'VolumeInUse',
  'InvalidAMIName.Duplicate',
  'IdempotentParameterMismatch',
  'InvalidVolume.ZoneMismatch',
  'OperationNotPermitted',
]);
const CREDENTIALS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
]);
const AUTH = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);
/** No answer came in time: the connection or the request timed out, or its deadline stopped it (AbortError). */
const TIMED_OUT = new Set(['ETIMEDOUT', 'TimeoutError', 'AbortError']);

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** A wait that ran past its deadline: the whole inventory read, or an action somebody is waiting for. */
export class DeadlineExceeded extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${seconds(ms)}.`);
    this.name = 'DeadlineExceeded';
  }
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** The first code or name in the error's cause chain that is in `codes`. */
function networkCode(error: ErrorLike, codes: ReadonlySet<string>): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as ErrorLike;
    if (e.code && codes.has(e.code)) return e.code;
    if (e.name && codes.has(e.name)) return e.name;
    current = e.cause;
  }
  return undefined;
}

function throttled(e: ErrorLike, code: string): boolean {
  return isThrottlingError({
    name: code,
    message: e.message ?? code,
    $metadata: e.$metadata ?? {},
    $retryable: (e as { $retryable?: { throttling?: boolean } }).$retryable,
  });
}

/** Classifies a failure of EC2 (or of another AWS service, named in the messages: `EBS direct API`). */
export function classifyEc2Error(error: unknown, service = 'EC2'): Ec2Failure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const code = e.Code ?? e.name ?? 'Error';
  const message = e.message || code;
  if (error instanceof DeadlineExceeded) return { status: 504, code: 'EndpointTimeout', message: error.message };
  const timedOut = networkCode(e, TIMED_OUT);
  if (timedOut) {
    return {
      status: 504,
      code: 'EndpointTimeout',
      message: `The ${service} endpoint did not answer in time (${timedOut}): ${message}`,
    };
  }
  const unreachable = networkCode(e, UNREACHABLE);
  if (unreachable) {
    return {
      status: 502,
      code: 'EndpointUnreachable',
      message: `Cannot reach the ${service} endpoint (${unreachable}): ${message}`,
    };
  }
  if (CREDENTIALS.has(code)) {
    return {
      status: 401,
      code: 'NoCredentials',
      message:
        'No usable AWS credentials. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), run `aws sso login` if your SSO session expired, or run the demo with `npm run demo`.',
    };
  }
  if (AUTH.has(code)) return { status: 401, code, message: `AWS rejected the credentials: ${message}` };
  if (code === 'UnauthorizedOperation' || code === 'AccessDenied') return { status: 403, code, message };
  if (throttled(e, code)) return { status: 503, code, message };
  if (code === 'DryRunOperation') return { status: 200, code, message };
  if (NOT_FOUND.test(code)) return { status: 404, code, message };
  if (CONFLICT.has(code)) return { status: 409, code, message };
  const status = e.$metadata?.httpStatusCode;
  if (status && status >= 400 && status < 500) return { status: 400, code, message };
  return { status: 502, code, message: `${service} answered with an error: ${message}` };
}
