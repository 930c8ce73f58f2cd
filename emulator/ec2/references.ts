import type {
  DescribeImageReferencesRequest,
  DescribeImageReferencesResult,
  ImageReferenceResourceType,
} from '@aws-sdk/client-ec2';
import { invalidParameterValue, missingParameter } from '../errors';
import type { InstanceStateName } from '../state';
import { checkIds, define, dryRunGate, required, unique } from './context';
import { paginate } from './pagination';
import { INSTANCE_STATE_CODES } from './views';

/**
 * DescribeImageReferences: the caller's own resources that refer to the given images (an image may be another
 * account's, or deregistered). The emulator's resources that can refer to an image are instances.
 */

/** Each resource type the SDK's model names, with the options it takes. */
const RESOURCE_TYPES: Record<ImageReferenceResourceType, readonly string[]> = {
  'ec2:Instance': ['state-name'],
  'ec2:LaunchTemplate': ['version-depth'],
  'ssm:Parameter': [],
  'imagebuilder:ImageRecipe': [],
  'imagebuilder:ContainerRecipe': [],
};

const isResourceType = (t: string): t is ImageReferenceResourceType => Object.hasOwn(RESOURCE_TYPES, t);
const isInstanceState = (s: string): s is InstanceStateName => Object.hasOwn(INSTANCE_STATE_CODES, s);

/** The instance states to count: every state unless a `state-name` option narrows them. */
function instanceStates(input: DescribeImageReferencesRequest): Set<InstanceStateName> | undefined {
  const all = new Set(Object.keys(INSTANCE_STATE_CODES) as InstanceStateName[]);
  if (input.IncludeAllResourceTypes && !input.ResourceTypes) return all;
  let states: Set<InstanceStateName> | undefined;
  for (const t of input.ResourceTypes ?? []) {
    const type = required(t.ResourceType, 'ResourceType.ResourceType');
    if (!isResourceType(type)) throw invalidParameterValue(`Invalid resource type '${String(type)}'.`);
    for (const o of t.ResourceTypeOptions ?? []) {
      const name = required(o.OptionName, 'ResourceTypeOption.OptionName');
      if (!RESOURCE_TYPES[type].includes(name)) throw invalidParameterValue(`Invalid option '${name}' for ${type}.`);
      for (const v of o.OptionValues ?? [])
        if (name === 'state-name' && !isInstanceState(v)) throw invalidParameterValue(`Invalid state-name '${v}'.`);
    }
    if (type !== 'ec2:Instance') continue;
    const named = (t.ResourceTypeOptions ?? []).find((o) => o.OptionName === 'state-name')?.OptionValues;
    states = named && named.length > 0 ? new Set(named.filter(isInstanceState)) : all;
  }
  return input.IncludeAllResourceTypes ? (states ?? all) : states;
}

export const referenceActions = {
  DescribeImageReferences: define<DescribeImageReferencesRequest, DescribeImageReferencesResult>({
    mutating: false,
    handle(ctx, input) {
      const ids = unique(required(input.ImageIds, 'ImageId'));
      checkIds('image', ids);
      if (!input.IncludeAllResourceTypes && (input.ResourceTypes ?? []).length === 0)
        throw missingParameter('ResourceType or IncludeAllResourceTypes');
      const states = instanceStates(input);
      const wanted = new Set(ids);
      const instances = states
        ? Object.values(ctx.rs.instances).filter((i) => wanted.has(i.imageId) && states.has(i.state))
        : [];
      const page = paginate(instances, input, { scope: 'DescribeImageReferences', min: 1, max: 1000 }, false);
      dryRunGate(ctx);
      return {
        ImageReferences: page.items.map((i) => ({
          ImageId: i.imageId,
          ResourceType: 'ec2:Instance',
          Arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:instance/${i.id}`,
        })),
        NextToken: page.nextToken,
      };
    },
  }),
};
