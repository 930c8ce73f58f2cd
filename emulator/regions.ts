/** The regions and instance types the emulator knows. */

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

export interface InstanceTypeInfo {
  name: string;
  vcpus: number;
  memoryMiB: number;
  architecture: 'x86_64' | 'arm64';
}

export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  { name: 't3.micro', vcpus: 2, memoryMiB: 1024, architecture: 'x86_64' },
  { name: 't3.small', vcpus: 2, memoryMiB: 2048, architecture: 'x86_64' },
  { name: 't3.medium', vcpus: 2, memoryMiB: 4096, architecture: 'x86_64' },
  { name: 'm5.large', vcpus: 2, memoryMiB: 8192, architecture: 'x86_64' },
  { name: 'c5.xlarge', vcpus: 4, memoryMiB: 8192, architecture: 'x86_64' },
  { name: 't4g.micro', vcpus: 2, memoryMiB: 1024, architecture: 'arm64' },
  { name: 'm7g.large', vcpus: 2, memoryMiB: 8192, architecture: 'arm64' },
];

export const instanceTypeInfo = (name: string) => INSTANCE_TYPES.find((t) => t.name === name);
