import { cloudtrailService } from './cloudtrail';
import { ebsService } from './ebs';
import { ec2Service } from './ec2';
import { iamService } from './iam';
import { organizationsService } from './organizations';
import { rbinService } from './rbin';
import type { Service } from './service';
import { stsService } from './sts';

/**
 * Every service the emulator's endpoint speaks, by the service name of the SigV4 credential scope that selects it
 * (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`).
 */
export const SERVICES = {
  ec2: ec2Service,
  sts: stsService,
  organizations: organizationsService,
  cloudtrail: cloudtrailService,
  ebs: ebsService,
  iam: iamService,
  rbin: rbinService,
} satisfies Record<string, Service>;

export type ServiceName = keyof typeof SERVICES;

export const isServiceName = (name: string): name is ServiceName => Object.hasOwn(SERVICES, name);
