const credentialScope = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/ec2\/aws4_request/;

/** The region of a request, from its SigV4 credential scope (header or presigned query). */
export function regionFromRequest(authorization: string | undefined, query: URLSearchParams): string | undefined {
  const fromHeader = authorization?.match(credentialScope)?.[1];
  if (fromHeader) return fromHeader;
  const presigned = query.get('X-Amz-Credential')?.split('/');
  return presigned?.length === 5 ? presigned[2] : undefined;
}
