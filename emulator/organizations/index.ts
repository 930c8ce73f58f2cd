import * as sdk from '@aws-sdk/client-organizations';
import type {
  Account,
  DescribeOrganizationResponse,
  ListAccountsRequest,
  ListAccountsResponse,
} from '@aws-sdk/client-organizations';
import { accountArn, organizationArn, pathOf } from '../accounts';
import { ApiError } from '../errors';
import { awsJson } from '../protocol/aws-json';
import { errorStatus, sdkOperations } from '../protocol/schema';
import { type ActionDef, type CallContext, registryService } from '../service';
import type { AccountRecord, OrganizationRecord } from '../state';

/**
 * AWS Organizations on the emulator's endpoint (JSON 1.1): the organization any member account may describe, and
 * its accounts, which only the management account may list. An account outside any organization is told so.
 */

/** The Organizations client's protocol settings (`OrganizationsClient.config.protocolSettings`). */
export const ORGANIZATIONS_SETTINGS = { version: '1.1', serviceTarget: 'AWSOrganizationsV20161128' } as const;

const PAGE_SIZE = 20;

/** An error the Organizations model defines, with the status the model gives it. */
function modelled(code: string, message: string, fields: Record<string, string> = {}): ApiError {
  return new ApiError(code, message, errorStatus(sdk, code) ?? 400, fields);
}

const define = <I, O>(def: ActionDef<CallContext, I, O>) => def;

function memberOrganization({ em, caller }: CallContext): OrganizationRecord {
  const org = em.organization;
  if (!org || !em.account(caller.accountId)?.parentId)
    throw modelled('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  return org;
}

function accountView(ctx: CallContext, org: OrganizationRecord, a: AccountRecord): Account {
  return {
    Id: a.id,
    Arn: accountArn(org, a.id),
    Email: a.email,
    Name: a.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    JoinedMethod: a.id === org.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: new Date(a.joinedAt),
    Paths: [pathOf(ctx.em.view, a.id) ?? ''],
  };
}

function pageStart(token: string | undefined, total: number): number {
  if (token === undefined) return 0;
  const start = /^page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!start || Number(start[1]) > total)
    throw modelled('InvalidInputException', 'The provided token is not valid.', { Reason: 'INVALID_NEXT_TOKEN' });
  return Number(start[1]);
}

const ORGANIZATIONS_ACTIONS = sdkOperations<typeof sdk>()({
  DescribeOrganization: define<object, DescribeOrganizationResponse>({
    mutating: false,
    handle(ctx) {
      const org = memberOrganization(ctx);
      const management = ctx.em.account(org.managementAccountId)!;
      return {
        Organization: {
          Id: org.id,
          Arn: organizationArn(org),
          FeatureSet: 'ALL',
          MasterAccountArn: accountArn(org, management.id),
          MasterAccountId: management.id,
          MasterAccountEmail: management.email,
          AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
        },
      };
    },
  }),

  ListAccounts: define<ListAccountsRequest, ListAccountsResponse>({
    mutating: false,
    handle(ctx, input) {
      const org = memberOrganization(ctx);
      if (ctx.caller.accountId !== org.managementAccountId)
        throw modelled('AccessDeniedException', "You don't have permissions to access this resource.");
      const size = input.MaxResults ?? PAGE_SIZE;
      if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE) {
        throw modelled('InvalidInputException', `MaxResults must be between 1 and ${PAGE_SIZE}.`, {
          Reason: size < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED',
        });
      }
      const members = ctx.em.accounts().filter((a) => a.parentId !== undefined);
      const start = pageStart(input.NextToken, members.length);
      const end = start + size;
      return {
        Accounts: members.slice(start, end).map((a) => accountView(ctx, org, a)),
        NextToken: end < members.length ? Buffer.from(`page:${end}`).toString('base64url') : undefined,
      };
    },
  }),
});

export const organizationsService = registryService(awsJson(sdk, ORGANIZATIONS_SETTINGS), ORGANIZATIONS_ACTIONS, () =>
  modelled('ExpiredTokenException', 'The security token included in the request is expired'),
);
