import 'server-only';

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
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'TimeoutError',
]);

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function networkCode(error: ErrorLike): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as ErrorLike;
    if (e.code && UNREACHABLE.has(e.code)) return e.code;
    if (e.name && UNREACHABLE.has(e.name)) return e.name;
    current = e.cause;
  }
  return undefined;
}

export function classifyEc2Error(error: unknown): Ec2Failure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const code = e.Code ?? e.name ?? 'Error';
  const message = e.message || code;
  const unreachable = networkCode(e);
  if (unreachable) {
    return {
      status: 502,
      code: 'EndpointUnreachable',
      message: `Cannot reach the EC2 endpoint (${unreachable}): ${message}`,
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
  if (code === 'RequestLimitExceeded' || code === 'Throttling' || code === 'ThrottlingException')
    return { status: 503, code, message };
  if (code === 'DryRunOperation') return { status: 200, code, message };
  if (NOT_FOUND.test(code)) return { status: 404, code, message };
  if (CONFLICT.has(code)) return { status: 409, code, message };
  const status = e.$metadata?.httpStatusCode;
  if (status && status >= 400 && status < 500) return { status: 400, code, message };
  return { status: 502, code, message: `EC2 answered with an error: ${message}` };
}
