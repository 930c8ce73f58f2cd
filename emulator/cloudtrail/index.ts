import * as sdk from '@aws-sdk/client-cloudtrail';
import type { LookupEventsRequest, LookupEventsResponse } from '@aws-sdk/client-cloudtrail';
import { awsJson } from '../protocol/aws-json';
import { sdkOperations } from '../protocol/schema';
import { type ActionDef, type CallContext, registryService } from '../service';
import { lookupEvents, modelled } from './lookup';

/**
 * CloudTrail on the emulator's endpoint (JSON 1.1): LookupEvents over the emulator's own log of every call that
 * changed state (or tried to), per account and region, kept 90 days. See record.ts for what an event holds.
 */

/** The CloudTrail client's protocol settings (`CloudTrailClient.config.protocolSettings`). */
export const CLOUDTRAIL_SETTINGS = { version: '1.1', serviceTarget: 'CloudTrail_20131101' } as const;

const define = <I, O>(def: ActionDef<CallContext, I, O>) => def;

const CLOUDTRAIL_ACTIONS = sdkOperations<typeof sdk>()({
  LookupEvents: define<LookupEventsRequest, LookupEventsResponse>({
    mutating: false,
    handle({ em, caller, region, now, api }, input) {
      if (api && !em.takeToken(caller.accountId, region, 'LookupEvents', {}))
        throw modelled('ThrottlingException', 'Rate exceeded');
      return lookupEvents(em.trail(caller.accountId), region, input, now);
    },
  }),
});

export const cloudtrailService = registryService(awsJson(sdk, CLOUDTRAIL_SETTINGS), CLOUDTRAIL_ACTIONS, () =>
  modelled('ExpiredTokenException', 'The security token included in the request is expired'),
);
