import * as sdk from '@aws-sdk/client-ec2';
import { ApiError, expiredToken, invalidAction, throttled } from '../errors';
import { ec2Query } from '../protocol/ec2-query';
import { sdkOperations } from '../protocol/schema';
import { isEnabledRegion } from '../regions';
import type { Service } from '../service';
import type { ActionContext, Ec2ActionDef } from './context';
import { ancestryActions } from './ancestry';
import { describeActions } from './describe';
import { fastRestoreActions } from './fast-restores';
import { instanceAttributeActions } from './instance-attributes';
import { volumeModificationActions } from './volume-modifications';
import { encryptionActions } from './encryption';
import { imageAttributeActions } from './image-attributes';
import { imageActions } from './images';
import { instanceActions } from './instances';
import { referenceActions } from './references';
import { keyPairActions } from './key-pairs';
import { registerActions } from './register';
import { snapshotAttributeActions } from './snapshot-attributes';
import { snapshotActions } from './snapshots';
import { tagActions } from './tags';
import { usageReportActions } from './usage';
import { volumeActions } from './volumes';

/** Every EC2 action the emulator speaks, by name (each one an operation of the SDK's EC2 model). */
export const ACTIONS = sdkOperations<typeof sdk>()({
  ...describeActions,
  ...instanceActions,
  ...imageActions,
  ...snapshotActions,
  ...volumeActions,
  ...tagActions,
  ...imageAttributeActions,
  ...snapshotAttributeActions,
  ...usageReportActions,
  ...referenceActions,
  ...encryptionActions,
  ...registerActions,
  ...keyPairActions,
  ...ancestryActions,
  ...instanceAttributeActions,
  ...volumeModificationActions,
  ...fastRestoreActions,
});

export type ActionName = keyof typeof ACTIONS;

export const isActionName = (name: string): name is ActionName => Object.hasOwn(ACTIONS, name);

const protocol = ec2Query(sdk);

/** EC2 on the emulator's endpoint: the caller's account and the request's region select the state it acts on. */
export const ec2Service: Service = {
  protocol,
  has: isActionName,
  isMutating: (action) => isActionName(action) && ACTIONS[action].mutating,
  run(em, { region, action, input, caller, api }) {
    if (!isActionName(action)) throw invalidAction(action);
    if (!isEnabledRegion(region)) {
      throw new ApiError(
        'AuthFailure',
        `AWS was not able to validate the provided access credentials (region ${region} is not enabled).`,
        401,
      );
    }
    const account = caller.accountId;
    if (api && !em.takeToken(account, region, action, input)) throw throttled();
    const rs = em.settledRegion(account, region);
    const ctx: ActionContext = { em, region, rs, now: em.now(), dryRun: input.DryRun === true, account, caller };
    const def: Ec2ActionDef<never, object> = ACTIONS[action];
    return def.handle(ctx, input as never);
  },
  expiredToken: () => expiredToken(),
};
