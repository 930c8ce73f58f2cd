import 'server-only';

/**
 * Every AWS client's HTTP handler (EC2, STS, Organizations, and the STS clients credential providers make): a
 * connection that is not made within 3 s, or an answer that has not come within 20 s, fails the attempt (and the
 * SDK's retry decides what next) instead of waiting forever.
 */
export const HTTP_TIMEOUTS = { connectionTimeout: 3_000, requestTimeout: 20_000, throwOnRequestTimeout: true } as const;
