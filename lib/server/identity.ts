import 'server-only';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { credentialsFor } from './credentials';
import { HTTP_TIMEOUTS } from './ec2';

const cache = globalThis as typeof globalThis & { __lineageAccount?: Promise<string | undefined> };

/** The header can do without the account id: it is not worth holding an answer up for longer than this. */
const IDENTITY_DEADLINE_MS = 10_000;

/** The AWS account the credentials belong to (STS GetCallerIdentity), asked once; undefined when it cannot be told. */
export function accountId(region: string): Promise<string | undefined> {
  cache.__lineageAccount ??= new STSClient({
    region,
    maxAttempts: 2,
    credentials: credentialsFor(),
    requestHandler: HTTP_TIMEOUTS,
  })
    .send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(IDENTITY_DEADLINE_MS) })
    .then((answer) => answer.Account)
    .catch(() => {
      cache.__lineageAccount = undefined;
      return undefined;
    });
  return cache.__lineageAccount;
}
