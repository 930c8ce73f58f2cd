import type {
  CreateRuleRequest,
  CreateRuleResponse,
  DeleteRuleRequest,
  DeleteRuleResponse,
  GetRuleRequest,
  GetRuleResponse,
  ListRulesRequest,
  ListRulesResponse,
  ResourceTag,
  RetentionPeriod,
  UpdateRuleRequest,
  UpdateRuleResponse,
} from '@aws-sdk/client-rbin';
import { ApiError, expiredToken } from '../errors';
import { idFromNumber } from '../ids';
import { parseBody } from '../protocol/rest-json';
import type { Protocol, WireResponse } from '../protocol/wire';
import { type ActionDef, type CallContext, registryService } from '../service';
import type { RbinRuleRecord, RegionState, Tag } from '../state';

/**
 * Recycle Bin on the emulator's endpoint (REST-JSON): retention rules per account and region. A rule keeps deleted
 * EBS snapshots or deregistered AMIs (every one, or those with one of its resource tags) for 1–3650 days; EC2's
 * DeleteSnapshot and DeregisterImage consult the rules (`retentionFor`) and move what a rule keeps into the bin.
 * The SDK's Recycle Bin client ships no schemas, so the routes and members are written out here.
 */

const ROUTES = [
  { action: 'CreateRule', method: 'POST', pattern: /^\/rules$/, status: 201 },
  { action: 'ListRules', method: 'POST', pattern: /^\/list-rules$/, status: 200 },
  { action: 'GetRule', method: 'GET', pattern: /^\/rules\/([^/]+)$/, status: 200 },
  { action: 'UpdateRule', method: 'PATCH', pattern: /^\/rules\/([^/]+)$/, status: 200 },
  { action: 'DeleteRule', method: 'DELETE', pattern: /^\/rules\/([^/]+)$/, status: 204 },
] as const;

/** The body members each action reads; anything else is refused rather than ignored. */
const MEMBERS: Record<string, readonly string[]> = {
  CreateRule: ['RetentionPeriod', 'Description', 'Tags', 'ResourceType', 'ResourceTags'],
  ListRules: ['ResourceType', 'ResourceTags', 'MaxResults', 'NextToken', 'LockState'],
  GetRule: [],
  UpdateRule: ['RetentionPeriod', 'Description', 'ResourceType', 'ResourceTags'],
  DeleteRule: [],
};

const validation = (message: string, reason = 'INVALID_PARAMETER_VALUE') =>
  new ApiError('ValidationException', message, 400, { Reason: reason });

const notFound = (id: string) =>
  new ApiError('ResourceNotFoundException', `Rule '${id}' does not exist.`, 404, { Reason: 'RULE_NOT_FOUND' });

const json = (status: number, body: string, headers?: Record<string, string>): WireResponse => ({
  status,
  contentType: 'application/json',
  body,
  headers,
});

const rbinProtocol: Protocol = {
  rpc: false,
  actionOf: (request) => ROUTES.find((r) => r.method === request.method && r.pattern.test(request.path))?.action ?? '',
  decode(action, request) {
    const route = ROUTES.find((r) => r.action === action)!;
    const input = parseBody(request);
    const unknown = Object.keys(input).find((k) => !MEMBERS[action]!.includes(k));
    if (unknown) throw validation(`The emulator does not model the ${action} member ${unknown}.`);
    const label = route.pattern.exec(request.path)?.[1];
    return label === undefined ? input : { ...input, Identifier: decodeURIComponent(label) };
  },
  encode(action, result) {
    const route = ROUTES.find((r) => r.action === action)!;
    return json(route.status, route.status === 204 ? '' : JSON.stringify(result));
  },
  encodeError: (error) =>
    json(error.status, JSON.stringify({ Message: error.message, ...error.fields }), {
      'x-amzn-errortype': error.code,
    }),
  unknownOperation: (action) =>
    new ApiError(
      'UnknownOperationException',
      action ? `Unknown operation ${action}.` : 'No operation at this path.',
      404,
    ),
};

const RESOURCE_TYPES = ['EBS_SNAPSHOT', 'EC2_IMAGE'] as const;
const MAX_RULES = 250;

const rulesOf = (rs: RegionState): Record<string, RbinRuleRecord> => (rs.rbinRules ??= {});

function resourceType(value: unknown): RbinRuleRecord['resourceType'] {
  if (value === undefined) throw validation('ResourceType is required.');
  if (!RESOURCE_TYPES.includes(value as RbinRuleRecord['resourceType']))
    throw validation(
      `Value '${JSON.stringify(value)}' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: [EBS_SNAPSHOT, EC2_IMAGE]`,
    );
  return value as RbinRuleRecord['resourceType'];
}

function retentionDays(period: RetentionPeriod | undefined): number {
  if (period === undefined) throw validation('RetentionPeriod is required.');
  const days = period.RetentionPeriodValue;
  if (period.RetentionPeriodUnit !== 'DAYS') throw validation('RetentionPeriodUnit must be DAYS.');
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650)
    throw validation('RetentionPeriodValue must be a whole number of days from 1 to 3650.');
  return days;
}

function resourceTags(tags: ResourceTag[] | undefined): RbinRuleRecord['resourceTags'] {
  if (tags !== undefined && (!Array.isArray(tags) || tags.length > 50))
    throw validation('ResourceTags holds at most 50 tags.');
  return (tags ?? []).map((t) => {
    if (typeof t.ResourceTagKey !== 'string' || t.ResourceTagKey.length < 1 || t.ResourceTagKey.length > 128)
      throw validation('A resource tag needs a ResourceTagKey of 1 to 128 characters.');
    if (t.ResourceTagValue !== undefined && (typeof t.ResourceTagValue !== 'string' || t.ResourceTagValue.length > 256))
      throw validation('A ResourceTagValue is at most 256 characters.');
    return t.ResourceTagValue === undefined
      ? { key: t.ResourceTagKey }
      : { key: t.ResourceTagKey, value: t.ResourceTagValue };
  });
}

function description(value: string | undefined): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.length > 255))
    throw validation('The description is at most 255 characters.');
  return value;
}

const ruleArn = (ctx: CallContext, id: string) => `arn:aws:rbin:${ctx.region}:${ctx.caller.accountId}:rule/${id}`;

function ruleView(ctx: CallContext, r: RbinRuleRecord) {
  return {
    Identifier: r.id,
    RuleArn: ruleArn(ctx, r.id),
    Description: r.description,
    ResourceType: r.resourceType,
    RetentionPeriod: { RetentionPeriodValue: r.retentionDays, RetentionPeriodUnit: 'DAYS' as const },
    ResourceTags:
      r.resourceTags.length > 0
        ? r.resourceTags.map((t) => ({ ResourceTagKey: t.key, ResourceTagValue: t.value }))
        : undefined,
    Status: 'available' as const,
    LockState: 'unlocked' as const,
  };
}

const regionOf = (ctx: CallContext) => ctx.em.settledRegion(ctx.caller.accountId, ctx.region);

function findRule(ctx: CallContext, id: string | undefined): RbinRuleRecord {
  if (typeof id !== 'string' || !/^[0-9a-zA-Z]{11}$/.test(id)) throw notFound(String(id));
  const rule = regionOf(ctx).rbinRules?.[id];
  if (!rule) throw notFound(id);
  return rule;
}

/** The rule that keeps a resource of that type with those tags: the longest retention of those that match. */
export function retentionFor(
  rs: RegionState,
  type: RbinRuleRecord['resourceType'],
  tags: readonly Tag[],
): RbinRuleRecord | undefined {
  const matches = (r: RbinRuleRecord) =>
    r.resourceType === type &&
    (r.resourceTags.length === 0 ||
      r.resourceTags.some((t) =>
        tags.some((tag) => tag.key === t.key && (t.value === undefined || tag.value === t.value)),
      ));
  return Object.values(rs.rbinRules ?? {})
    .filter(matches)
    .sort((a, b) => b.retentionDays - a.retentionDays || a.seq - b.seq)[0];
}

const define = <I, O>(def: ActionDef<CallContext, I, O>) => def;

const RBIN_ACTIONS = {
  CreateRule: define<CreateRuleRequest, CreateRuleResponse>({
    mutating: true,
    handle(ctx, input) {
      const type = resourceType(input.ResourceType);
      const days = retentionDays(input.RetentionPeriod);
      const tags = resourceTags(input.ResourceTags);
      const text = description(input.Description);
      const rules = rulesOf(regionOf(ctx));
      if (Object.values(rules).filter((r) => r.resourceType === type).length >= MAX_RULES)
        throw new ApiError(
          'ServiceQuotaExceededException',
          `At most ${MAX_RULES} rules per resource type and region.`,
          402,
          {
            Reason: 'SERVICE_QUOTA_EXCEEDED',
          },
        );
      const seq = ctx.em.nextSeq();
      const id = idFromNumber('r', seq).slice(-11);
      const own = (input.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
      rules[id] = {
        seq,
        id,
        resourceType: type,
        retentionDays: days,
        description: text,
        resourceTags: tags,
        tags: own,
      };
      const view = ruleView(ctx, rules[id]);
      return { ...view, Tags: input.Tags };
    },
  }),

  GetRule: define<GetRuleRequest, GetRuleResponse>({
    mutating: false,
    handle: (ctx, input) => ruleView(ctx, findRule(ctx, input.Identifier)),
  }),

  UpdateRule: define<UpdateRuleRequest, UpdateRuleResponse>({
    mutating: true,
    handle(ctx, input) {
      const rule = findRule(ctx, input.Identifier);
      if (input.ResourceType !== undefined && resourceType(input.ResourceType) !== rule.resourceType)
        throw validation('A rule keeps its resource type.');
      const days = input.RetentionPeriod === undefined ? rule.retentionDays : retentionDays(input.RetentionPeriod);
      const tags = input.ResourceTags === undefined ? rule.resourceTags : resourceTags(input.ResourceTags);
      const text = input.Description === undefined ? rule.description : description(input.Description);
      Object.assign(rule, { retentionDays: days, resourceTags: tags, description: text });
      return ruleView(ctx, rule);
    },
  }),

  DeleteRule: define<DeleteRuleRequest, DeleteRuleResponse>({
    mutating: true,
    handle(ctx, input) {
      const rule = findRule(ctx, input.Identifier);
      delete rulesOf(regionOf(ctx))[rule.id];
      return {};
    },
  }),

  ListRules: define<ListRulesRequest, ListRulesResponse>({
    mutating: false,
    handle(ctx, input) {
      const type = resourceType(input.ResourceType);
      const wanted = resourceTags(input.ResourceTags);
      if (input.LockState !== undefined && input.LockState !== 'unlocked')
        throw validation('The emulator does not lock rules: every rule is unlocked.');
      const max = input.MaxResults ?? 1000;
      if (!Number.isInteger(max) || max < 1 || max > 1000) throw validation('MaxResults must be from 1 to 1000.');
      const all = Object.values(regionOf(ctx).rbinRules ?? {})
        .filter((r) => r.resourceType === type)
        .filter((r) => wanted.every((w) => r.resourceTags.some((t) => t.key === w.key && t.value === w.value)))
        .sort((a, b) => a.seq - b.seq);
      const start = input.NextToken === undefined ? 0 : Number(Buffer.from(input.NextToken, 'base64url').toString());
      if (!Number.isInteger(start) || start < 0 || start > all.length)
        throw validation('The NextToken is not valid.', 'INVALID_PAGE_TOKEN');
      const page = all.slice(start, start + max).map((r) => {
        const { Identifier, Description, RetentionPeriod, LockState, RuleArn } = ruleView(ctx, r);
        return { Identifier, Description, RetentionPeriod, LockState, RuleArn };
      });
      const more = start + max < all.length;
      return { Rules: page, NextToken: more ? Buffer.from(String(start + max)).toString('base64url') : undefined };
    },
  }),
};

export const rbinService = registryService(rbinProtocol, RBIN_ACTIONS, () => expiredToken(403));
