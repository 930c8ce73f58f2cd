import { _InstanceType } from '@aws-sdk/client-ec2';

/**
 * Every instance type the SDK's model names, with what DescribeInstanceTypes answers for it: the architecture
 * follows from the family (Graviton families, whose suffix holds a `g`, and `a1` are arm64; `mac1` is x86_64_mac,
 * the later Macs arm64_mac), vCPUs and memory from the size and the family's class.
 */

export type InstanceArchitecture = 'x86_64' | 'arm64' | 'x86_64_mac' | 'arm64_mac';

export interface InstanceTypeInfo {
  /** Its place in the catalogue, which pages follow. */
  seq: number;
  name: string;
  vcpus: number;
  memoryMiB: number;
  architecture: InstanceArchitecture;
}

const GIB = 1024;

/** The types whose sizes do not follow the rule. */
const EXCEPTIONS: Record<string, { vcpus: number; memoryMiB: number }> = {
  'm1.small': { vcpus: 1, memoryMiB: 1740 },
  't1.micro': { vcpus: 1, memoryMiB: 613 },
  't2.nano': { vcpus: 1, memoryMiB: GIB / 2 },
  't2.micro': { vcpus: 1, memoryMiB: GIB },
  't2.small': { vcpus: 1, memoryMiB: 2 * GIB },
};

function architectureOf(family: string): InstanceArchitecture {
  if (family.startsWith('mac')) return family === 'mac1' ? 'x86_64_mac' : 'arm64_mac';
  if (family === 'a1') return 'arm64';
  const suffix = /^[a-z]+-?\d+(.*)$/.exec(family)?.[1] ?? '';
  return suffix.includes('g') ? 'arm64' : 'x86_64';
}

/** GiB of memory per vCPU by the family's class: compute, general purpose, memory, high memory. */
function memoryPerVcpu(family: string): number {
  switch (family.charAt(0)) {
    case 'c':
      return 2;
    case 'r':
    case 'i':
    case 'z':
      return 8;
    case 'x':
    case 'u':
      return 16;
    default:
      return 4;
  }
}

const SMALL_SIZES: Record<string, { vcpus: number; gib: number }> = {
  nano: { vcpus: 2, gib: 0.5 },
  micro: { vcpus: 2, gib: 1 },
  small: { vcpus: 2, gib: 2 },
  medium: { vcpus: 2, gib: 4 },
};

/** vCPUs of a size: large 2, xlarge 4, NxLarge 4N, metal-Nxl 4N; metal the family's biggest size. */
function vcpusOf(size: string, biggest: number): number {
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const n = /^(?:metal-)?(\d+)xl(?:arge)?$/.exec(size)?.[1];
  if (n) return 4 * Number(n);
  return biggest;
}

function buildCatalogue(): InstanceTypeInfo[] {
  const names = Object.values(_InstanceType);
  const biggest = new Map<string, number>();
  for (const name of names) {
    const [family = '', size = ''] = name.split('.');
    biggest.set(family, Math.max(biggest.get(family) ?? 96, vcpusOf(size, 0)));
  }
  return names.map((name, seq) => {
    const [family = '', size = ''] = name.split('.');
    const small = SMALL_SIZES[size];
    const vcpus = small?.vcpus ?? vcpusOf(size, biggest.get(family)!);
    const memoryMiB = small ? small.gib * GIB : vcpus * memoryPerVcpu(family) * GIB;
    return { seq, name, vcpus, memoryMiB, architecture: architectureOf(family), ...EXCEPTIONS[name] };
  });
}

export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = buildCatalogue();

const byName = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

export const instanceTypeInfo = (name: string): InstanceTypeInfo | undefined => byName.get(name);
