/** The regions the emulator knows. */

export interface RegionInfo {
  name: string;
  optIn: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

export const REGIONS: readonly RegionInfo[] = [
  { name: 'us-east-1', optIn: 'opt-in-not-required' },
  { name: 'us-east-2', optIn: 'opt-in-not-required' },
  { name: 'us-west-1', optIn: 'opt-in-not-required' },
  { name: 'us-west-2', optIn: 'opt-in-not-required' },
  { name: 'ca-central-1', optIn: 'opt-in-not-required' },
  { name: 'eu-west-1', optIn: 'opt-in-not-required' },
  { name: 'eu-west-2', optIn: 'opt-in-not-required' },
  { name: 'eu-central-1', optIn: 'opt-in-not-required' },
  { name: 'eu-north-1', optIn: 'opt-in-not-required' },
  { name: 'ap-south-1', optIn: 'opt-in-not-required' },
  { name: 'ap-northeast-1', optIn: 'opt-in-not-required' },
  { name: 'ap-southeast-1', optIn: 'opt-in-not-required' },
  { name: 'ap-southeast-2', optIn: 'opt-in-not-required' },
  { name: 'sa-east-1', optIn: 'opt-in-not-required' },
  { name: 'af-south-1', optIn: 'not-opted-in' },
];

const enabled = new Set(REGIONS.filter((r) => r.optIn !== 'not-opted-in').map((r) => r.name));

export const isEnabledRegion = (region: string) => enabled.has(region);

export const ZONE_LETTERS = ['a', 'b', 'c'] as const;

export const zonesOf = (region: string) => ZONE_LETTERS.map((letter) => `${region}${letter}`);

const DIRECTION: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** EC2's zone ids: us-east-1 → use1-az1, ap-southeast-2 → apse2-az1. */
export function zoneIdOf(region: string, index: number): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${DIRECTION[direction] ?? direction.charAt(0)}${number}-az${index + 1}`;
}
