import 'server-only';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AccountKey, DEFAULT_ACCOUNT, credentialsFor } from './credentials';
import { config } from './config';
import { whenAborted } from './deadline';
import { HTTP_TIMEOUTS } from './timeouts';

/** Who an account's credentials are (STS GetCallerIdentity): asked once per account; a failure is asked again. */

/** Nobody should wait longer than this for an account id. */
const IDENTITY_DEADLINE_MS = 10_000;

const identities = new Map<AccountKey, Promise<string>>();

function askIdentity(account: AccountKey): Promise<string> {
  const client = new STSClient({
    region: config().homeRegion,
    maxAttempts: 2,
    credentials: credentialsFor(account),
    requestHandler: HTTP_TIMEOUTS,
  });
  return client
    .send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(IDENTITY_DEADLINE_MS) })
    .then((answer) => {
      if (!answer.Account) throw new Error('STS GetCallerIdentity named no account.');
      return answer.Account;
    })
    .finally(() => client.destroy());
}

/** The account an account's credentials act in; `signal` ends this caller's wait (not the shared question). */
export function identityOf(account: AccountKey, signal?: AbortSignal): Promise<string> {
  let identity = identities.get(account);
  if (!identity) {
    const asked = askIdentity(account);
    identity = asked;
    identities.set(account, asked);
    asked.catch(() => {
      if (identities.get(account) === asked) identities.delete(account);
    });
  }
  return signal ? Promise.race([identity, whenAborted(signal)]) : identity;
}

/** The AWS account the current credentials belong to; undefined when it cannot be told. */
export function accountId(): Promise<string | undefined> {
  return identityOf(DEFAULT_ACCOUNT).catch(() => undefined);
}
