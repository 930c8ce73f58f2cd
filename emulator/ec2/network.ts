import type {
  DescribeSecurityGroupsRequest,
  DescribeSecurityGroupsResult,
  DescribeSubnetsRequest,
  DescribeSubnetsResult,
  DescribeVpcsRequest,
  DescribeVpcsResult,
  RunInstancesRequest,
  SecurityGroup,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
import { ApiError, invalidParameterCombination, invalidParameterValue, malformedId } from '../errors';
import { idFromText } from '../ids';
import { zoneIdOf, zonesOf } from '../regions';
import { type ActionContext, define, dryRunGate, unique } from './context';
import { type FilterValues, assertKnownFilters, compileFilters, matchesFilters } from './filters';
import { paginate } from './pagination';

/**
 * The network an instance is launched into, as a fresh account has it: in every region a default VPC
 * (172.31.0.0/16) with a default subnet in each availability zone and the VPC's `default` security group. In
 * NO_DEFAULT_VPC_REGION the default VPC has been deleted, as some organizations do: there the account has one VPC
 * of its own with a private subnet per zone and two security groups, and a launch must name a subnet.
 * The network is fixed (derived from the account and region, with stable ids); it is not created or changed.
 */

export const NO_DEFAULT_VPC_REGION = 'ca-central-1';

export interface VpcInfo {
  seq: number;
  id: string;
  cidr: string;
  isDefault: boolean;
  name?: string;
}

export interface SubnetInfo {
  seq: number;
  id: string;
  vpcId: string;
  zone: string;
  zoneId: string;
  cidr: string;
  defaultForAz: boolean;
  name?: string;
}

export interface GroupInfo {
  seq: number;
  id: string;
  name: string;
  description: string;
  vpcId: string;
  /** Inbound rules as (protocol, port) pairs open to the world; the `default` group admits only itself. */
  ingress: { protocol: string; port: number }[];
}

export interface NetworkInfo {
  vpcs: VpcInfo[];
  subnets: SubnetInfo[];
  groups: GroupInfo[];
}

const networks = new Map<string, NetworkInfo>();

function defaultNetwork(key: string, region: string): NetworkInfo {
  const vpcId = idFromText('vpc', `${key}/default`);
  return {
    vpcs: [{ seq: 1, id: vpcId, cidr: '172.31.0.0/16', isDefault: true }],
    subnets: zonesOf(region).map((zone, i) => ({
      seq: 10 + i,
      id: idFromText('subnet', `${key}/default/${zone}`),
      vpcId,
      zone,
      zoneId: zoneIdOf(region, i),
      cidr: `172.31.${i * 16}.0/20`,
      defaultForAz: true,
    })),
    groups: [
      {
        seq: 20,
        id: idFromText('sg', `${key}/default/default`),
        name: 'default',
        description: 'default VPC security group',
        vpcId,
        ingress: [],
      },
    ],
  };
}

function ownNetwork(key: string, region: string): NetworkInfo {
  const vpcId = idFromText('vpc', `${key}/lineage-private`);
  return {
    vpcs: [{ seq: 1, id: vpcId, cidr: '10.0.0.0/16', isDefault: false, name: 'lineage-private' }],
    subnets: zonesOf(region).map((zone, i) => ({
      seq: 10 + i,
      id: idFromText('subnet', `${key}/lineage-private/${zone}`),
      vpcId,
      zone,
      zoneId: zoneIdOf(region, i),
      cidr: `10.0.${i}.0/24`,
      defaultForAz: false,
      name: `lineage-private-${zone.slice(-1)}`,
    })),
    groups: [
      {
        seq: 20,
        id: idFromText('sg', `${key}/lineage-private/default`),
        name: 'default',
        description: 'default VPC security group',
        vpcId,
        ingress: [],
      },
      {
        seq: 21,
        id: idFromText('sg', `${key}/lineage-private/web`),
        name: 'web',
        description: 'HTTPS from anywhere',
        vpcId,
        ingress: [{ protocol: 'tcp', port: 443 }],
      },
    ],
  };
}

/** The account's network in the region. */
export function networkOf(account: string, region: string): NetworkInfo {
  const key = `${account}/${region}`;
  let network = networks.get(key);
  if (!network) {
    network = region === NO_DEFAULT_VPC_REGION ? ownNetwork(key, region) : defaultNetwork(key, region);
    networks.set(key, network);
  }
  return network;
}

const notFound = (code: string, what: string, id: string) =>
  new ApiError(`Invalid${code}.NotFound`, `The ${what} '${id}' does not exist`);

function checkShape(ids: readonly string[], prefix: string, code: string): void {
  for (const id of ids) if (!new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`).test(id)) throw malformedId(code, id);
}

/** The subnet and security groups a launch goes into, as EC2 chooses and checks them. */
export interface LaunchNetwork {
  subnet: SubnetInfo;
  groups: GroupInfo[];
}

export function launchNetwork(ctx: ActionContext, input: RunInstancesRequest, zone: string | undefined): LaunchNetwork {
  if (input.NetworkInterfaces !== undefined)
    throw new ApiError('UnsupportedOperation', 'The emulator does not model NetworkInterfaces; name a SubnetId.');
  const network = networkOf(ctx.account, ctx.region);
  const defaultVpc = network.vpcs.find((v) => v.isDefault);
  let subnet: SubnetInfo;
  if (input.SubnetId !== undefined) {
    checkShape([input.SubnetId], 'subnet', 'InvalidSubnetID.Malformed');
    const found = network.subnets.find((s) => s.id === input.SubnetId);
    if (!found) throw notFound('SubnetID', 'subnet ID', input.SubnetId);
    if (zone !== undefined && zone !== found.zone)
      throw invalidParameterValue(
        `The subnet '${found.id}' is in ${found.zone}, not in the requested availability zone ${zone}.`,
      );
    subnet = found;
  } else {
    if (!defaultVpc)
      throw new ApiError('VPCIdNotSpecified', 'No default VPC for this user. Name a subnet (SubnetId) to launch into.');
    const wanted = zone ?? zonesOf(ctx.region)[0]!;
    subnet = network.subnets.find((s) => s.vpcId === defaultVpc.id && s.zone === wanted)!;
  }
  const vpcGroups = network.groups.filter((g) => g.vpcId === subnet.vpcId);
  const ids = unique(input.SecurityGroupIds);
  const names = unique(input.SecurityGroups);
  checkShape(ids, 'sg', 'InvalidGroupId.Malformed');
  if (names.length > 0 && !subnet.defaultForAz)
    throw invalidParameterCombination('The parameter groupName cannot be used with the parameter subnet');
  const groups = [
    ...ids.map((id) => {
      const group = vpcGroups.find((g) => g.id === id);
      if (!group)
        throw new ApiError(
          'InvalidGroup.NotFound',
          `The security group '${id}' does not exist in VPC '${subnet.vpcId}'`,
        );
      return group;
    }),
    ...names.map((name) => {
      const group = vpcGroups.find((g) => g.name === name);
      if (!group)
        throw new ApiError(
          'InvalidGroup.NotFound',
          `The security group '${name}' does not exist in default VPC '${subnet.vpcId}'`,
        );
      return group;
    }),
  ];
  return { subnet, groups: groups.length > 0 ? groups : vpcGroups.filter((g) => g.name === 'default') };
}

/** An address of the subnet for the n-th interface launched in it. */
export function addressIn(subnet: SubnetInfo, n: number): string {
  const [a, b, c] = subnet.cidr.split('.').map(Number) as [number, number, number];
  const size = subnet.cidr.endsWith('/20') ? 4096 : 256;
  const offset = 4 + (n % (size - 5));
  return `${a}.${b}.${c + (offset >> 8)}.${offset & 255}`;
}

const nameTag = (name: string | undefined) => (name ? [{ Key: 'Name', Value: name }] : undefined);

const vpcFilters: FilterValues<VpcInfo> = (v, name) => {
  switch (name) {
    case 'vpc-id':
      return [v.id];
    case 'is-default':
    case 'isDefault':
      return [String(v.isDefault)];
    case 'cidr':
    case 'cidr-block-association.cidr-block':
      return [v.cidr];
    case 'state':
      return ['available'];
    case 'tag:Name':
      return v.name ? [v.name] : [];
    default:
      return undefined;
  }
};

const subnetFilters: FilterValues<SubnetInfo> = (s, name) => {
  switch (name) {
    case 'subnet-id':
      return [s.id];
    case 'vpc-id':
      return [s.vpcId];
    case 'availability-zone':
    case 'availabilityZone':
      return [s.zone];
    case 'availability-zone-id':
      return [s.zoneId];
    case 'default-for-az':
    case 'defaultForAz':
      return [String(s.defaultForAz)];
    case 'cidr-block':
    case 'cidr':
      return [s.cidr];
    case 'state':
      return ['available'];
    case 'tag:Name':
      return s.name ? [s.name] : [];
    default:
      return undefined;
  }
};

const groupFilters: FilterValues<GroupInfo> = (g, name) => {
  switch (name) {
    case 'group-id':
      return [g.id];
    case 'group-name':
      return [g.name];
    case 'vpc-id':
      return [g.vpcId];
    case 'description':
      return [g.description];
    default:
      return undefined;
  }
};

/** Ids named that must all exist, then filters, then pages, as every Describe of the network does. */
function select<T extends { seq: number; id: string }>(
  items: readonly T[],
  request: { Filters?: DescribeVpcsRequest['Filters']; MaxResults?: number; NextToken?: string },
  ids: readonly string[],
  values: FilterValues<T>,
  scope: string,
  missing: (id: string) => ApiError,
) {
  const filters = compileFilters(request.Filters);
  assertKnownFilters(filters, values, items[0]!);
  for (const id of ids) if (!items.some((i) => i.id === id)) throw missing(id);
  const chosen = items.filter((i) => (ids.length === 0 || ids.includes(i.id)) && matchesFilters(i, filters, values));
  return paginate(chosen, request, { scope, min: 5, max: 1000 }, ids.length > 0);
}

function vpcView(v: VpcInfo, owner: string): Vpc {
  return {
    VpcId: v.id,
    CidrBlock: v.cidr,
    State: 'available',
    IsDefault: v.isDefault,
    OwnerId: owner,
    InstanceTenancy: 'default',
    DhcpOptionsId: idFromText('dopt', v.id),
    CidrBlockAssociationSet: [
      { AssociationId: idFromText('vpc-cidr-assoc', v.id), CidrBlock: v.cidr, CidrBlockState: { State: 'associated' } },
    ],
    Tags: nameTag(v.name),
  };
}

function subnetView(s: SubnetInfo, owner: string, region: string): Subnet {
  const size = s.cidr.endsWith('/20') ? 4096 : 256;
  return {
    SubnetId: s.id,
    SubnetArn: `arn:aws:ec2:${region}:${owner}:subnet/${s.id}`,
    VpcId: s.vpcId,
    AvailabilityZone: s.zone,
    AvailabilityZoneId: s.zoneId,
    CidrBlock: s.cidr,
    AvailableIpAddressCount: size - 5,
    DefaultForAz: s.defaultForAz,
    MapPublicIpOnLaunch: s.defaultForAz,
    State: 'available',
    OwnerId: owner,
    Tags: nameTag(s.name),
  };
}

function groupView(g: GroupInfo, owner: string): SecurityGroup {
  const self = g.ingress.length === 0;
  return {
    GroupId: g.id,
    GroupName: g.name,
    Description: g.description,
    VpcId: g.vpcId,
    OwnerId: owner,
    IpPermissions: self
      ? [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: g.id, UserId: owner }] }]
      : g.ingress.map((r) => ({
          IpProtocol: r.protocol,
          FromPort: r.port,
          ToPort: r.port,
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        })),
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  };
}

export const networkActions = {
  DescribeVpcs: define<DescribeVpcsRequest, DescribeVpcsResult>({
    mutating: false,
    handle(ctx, input) {
      const ids = unique(input.VpcIds);
      checkShape(ids, 'vpc', 'InvalidVpcID.Malformed');
      const { vpcs } = networkOf(ctx.account, ctx.region);
      const page = select(vpcs, input, ids, vpcFilters, 'DescribeVpcs', (id) => notFound('VpcID', 'vpc ID', id));
      dryRunGate(ctx);
      return { Vpcs: page.items.map((v) => vpcView(v, ctx.account)), NextToken: page.nextToken };
    },
  }),

  DescribeSubnets: define<DescribeSubnetsRequest, DescribeSubnetsResult>({
    mutating: false,
    handle(ctx, input) {
      const ids = unique(input.SubnetIds);
      checkShape(ids, 'subnet', 'InvalidSubnetID.Malformed');
      const { subnets } = networkOf(ctx.account, ctx.region);
      const page = select(subnets, input, ids, subnetFilters, 'DescribeSubnets', (id) =>
        notFound('SubnetID', 'subnet ID', id),
      );
      dryRunGate(ctx);
      return { Subnets: page.items.map((s) => subnetView(s, ctx.account, ctx.region)), NextToken: page.nextToken };
    },
  }),

  DescribeSecurityGroups: define<DescribeSecurityGroupsRequest, DescribeSecurityGroupsResult>({
    mutating: false,
    handle(ctx, input) {
      const ids = unique(input.GroupIds);
      checkShape(ids, 'sg', 'InvalidGroupId.Malformed');
      const network = networkOf(ctx.account, ctx.region);
      const names = unique(input.GroupNames);
      const defaultVpc = network.vpcs.find((v) => v.isDefault);
      for (const name of names) {
        if (!network.groups.some((g) => g.name === name && g.vpcId === defaultVpc?.id))
          throw new ApiError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC`);
      }
      const groups = network.groups.filter(
        (g) => names.length === 0 || (names.includes(g.name) && g.vpcId === defaultVpc?.id),
      );
      const page = select(groups, input, ids, groupFilters, 'DescribeSecurityGroups', (id) =>
        notFound('Group', 'security group', id),
      );
      dryRunGate(ctx);
      return { SecurityGroups: page.items.map((g) => groupView(g, ctx.account)), NextToken: page.nextToken };
    },
  }),
};
