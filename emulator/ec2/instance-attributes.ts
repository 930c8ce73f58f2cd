import type {
  DescribeInstanceAttributeRequest,
  InstanceAttribute,
  ModifyInstanceAttributeRequest,
} from '@aws-sdk/client-ec2';
import { ApiError, invalidParameterValue, missingParameter } from '../errors';
import type { InstanceRecord } from '../state';
import { define, dryRunGate, findInstance, required } from './context';
import { instanceTypeInfo } from './instance-types';
import { volumesOf } from './instances';

/**
 * DescribeInstanceAttribute / ModifyInstanceAttribute on what the emulator keeps of an instance: its block devices'
 * DeleteOnTermination, its type (while stopped), EBS optimisation, and the fixed facts (root device, kernel …).
 */

function describe(r: InstanceRecord, attribute: string): InstanceAttribute {
  switch (attribute) {
    case 'blockDeviceMapping':
      return {
        BlockDeviceMappings: r.devices.map((d) => ({
          DeviceName: d.deviceName,
          Ebs: {
            VolumeId: d.volumeId,
            Status: 'attached',
            AttachTime: new Date(d.attachTime),
            DeleteOnTermination: d.deleteOnTermination,
          },
        })),
      };
    case 'instanceType':
      return { InstanceType: { Value: r.instanceType } };
    case 'rootDeviceName':
      return { RootDeviceName: { Value: r.rootDeviceName } };
    case 'ebsOptimized':
      return { EbsOptimized: { Value: r.ebsOptimized ?? false } };
    case 'disableApiTermination':
      return { DisableApiTermination: { Value: false } };
    case 'disableApiStop':
      return { DisableApiStop: { Value: false } };
    case 'instanceInitiatedShutdownBehavior':
      return { InstanceInitiatedShutdownBehavior: { Value: 'stop' } };
    default:
      throw new ApiError(
        'InvalidParameterValue',
        `Value (${attribute}) for parameter attribute is invalid. The emulator describes blockDeviceMapping, instanceType, rootDeviceName, ebsOptimized, disableApiTermination, disableApiStop and instanceInitiatedShutdownBehavior.`,
      );
  }
}

export const instanceAttributeActions = {
  DescribeInstanceAttribute: define<DescribeInstanceAttributeRequest, InstanceAttribute>({
    mutating: false,
    handle(ctx, input) {
      const instance = findInstance(ctx.rs, required(input.InstanceId, 'InstanceId'));
      const attribute = required(input.Attribute, 'Attribute');
      const answer = describe(instance, attribute);
      dryRunGate(ctx);
      return { InstanceId: instance.id, ...answer };
    },
  }),

  ModifyInstanceAttribute: define<ModifyInstanceAttributeRequest, object>({
    mutating: true,
    handle(ctx, input) {
      const instance = findInstance(ctx.rs, required(input.InstanceId, 'InstanceId'));
      const { InstanceId: _id, DryRun: _dryRun, BlockDeviceMappings, InstanceType, EbsOptimized, ...rest } = input;
      const other = Object.entries(rest).find(([, v]) => v !== undefined);
      if (other) throw new ApiError('UnsupportedOperation', `The emulator does not model the attribute ${other[0]}.`);
      const asked = [BlockDeviceMappings, InstanceType, EbsOptimized].filter((v) => v !== undefined).length;
      if (asked === 0) throw missingParameter('Attribute');
      if (asked > 1) throw new ApiError('InvalidParameterCombination', 'Modify one attribute at a time.');
      const changes = (BlockDeviceMappings ?? []).map((m) => {
        const device = instance.devices.find((d) => d.deviceName === m.DeviceName);
        if (!device) throw invalidParameterValue(`No device ${m.DeviceName ?? ''} is mapped on ${instance.id}.`);
        return { device, deleteOnTermination: m.Ebs?.DeleteOnTermination ?? device.deleteOnTermination };
      });
      const type = InstanceType?.Value;
      if (type !== undefined) {
        const info = instanceTypeInfo(type);
        if (!info) throw invalidParameterValue(`Invalid value '${type}' for InstanceType.`);
        if (info.architecture !== instance.architecture)
          throw invalidParameterValue(
            `The instance type ${type} does not support the architecture ${instance.architecture}.`,
          );
        if (instance.state !== 'stopped')
          throw new ApiError('IncorrectInstanceState', `The instance '${instance.id}' is not in the 'stopped' state.`);
      }
      dryRunGate(ctx);
      for (const { device, deleteOnTermination } of changes) {
        device.deleteOnTermination = deleteOnTermination;
        const volume = volumesOf(ctx.rs, instance.id).find((v) => v.id === device.volumeId);
        const attachment = volume?.attachments.find((a) => a.instanceId === instance.id);
        if (attachment) attachment.deleteOnTermination = deleteOnTermination;
      }
      if (type !== undefined) instance.instanceType = type;
      if (EbsOptimized?.Value !== undefined) instance.ebsOptimized = EbsOptimized.Value;
      return {};
    },
  }),
};
