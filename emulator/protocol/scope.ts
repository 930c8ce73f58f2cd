/** A SigV4 credential scope: `Credential=AKID/DATE/REGION/SERVICE/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const inHeader = /Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** The credential scope of a request: from its Authorization header, else from a presigned URL's X-Amz-Credential. */
export function credentialScope(
  authorization: string | undefined,
  query: URLSearchParams,
): CredentialScope | undefined {
  const header = authorization?.match(inHeader);
  if (header) return { accessKeyId: header[1]!, date: header[2]!, region: header[3]!, service: header[4]! };
  const presigned = query.get('X-Amz-Credential')?.split('/');
  if (presigned?.length !== 5 || presigned[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = presigned as [string, string, string, string];
  return { accessKeyId, date, region, service };
}
