import 'server-only';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const cache = globalThis as typeof globalThis & { __lineageAccount?: Promise<string | undefined> };

/** The AWS account the credentials belong to (STS GetCallerIdentity), asked once; undefined when it cannot be told. */
export function accountId(region: string): Promise<string | undefined> {
  cache.__lineageAccount ??= new STSClient({ region, maxAttempts: 2 })
    .send(new GetCallerIdentityCommand({}))
    .then((answer) => answer.Account)
    .catch(() => {
      cache.__lineageAccount = undefined;
      return undefined;
    });
  return cache.__lineageAccount;
}
