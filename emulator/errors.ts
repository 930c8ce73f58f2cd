/** An EC2 error: the code, message and HTTP status AWS answers with. Thrown by models, written by the server. */
export class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'Ec2Error';
  }
}

export const dryRunOperation = () =>
  new Ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);

export const unauthorized = (message = 'You are not authorized to perform this operation.') =>
  new Ec2Error('UnauthorizedOperation', message, 403);

export const throttled = () => new Ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503);

export const invalidAction = (action: string) =>
  new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`);

export const missingParameter = (name: string) =>
  new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);

export const invalidParameterValue = (message: string) => new Ec2Error('InvalidParameterValue', message);

export const invalidParameterCombination = (message: string) => new Ec2Error('InvalidParameterCombination', message);

export const idempotentParameterMismatch = (token: string) =>
  new Ec2Error(
    'IdempotentParameterMismatch',
    `Client token '${token}' was already used with different request parameters.`,
  );

export const incorrectInstanceState = (instanceId: string, state: string, action: string) =>
  new Ec2Error(
    'IncorrectInstanceState',
    `The instance '${instanceId}' is not in a state from which it can be ${action} (current state: ${state}).`,
  );

export const incorrectState = (message: string) => new Ec2Error('IncorrectState', message);

export const instanceNotFound = (ids: readonly string[]) =>
  new Ec2Error(
    'InvalidInstanceID.NotFound',
    ids.length === 1
      ? `The instance ID '${ids[0]}' does not exist`
      : `The instance IDs '${ids.join(', ')}' do not exist`,
  );

export const imageNotFound = (ids: readonly string[]) =>
  new Ec2Error('InvalidAMIID.NotFound', `The image id '[${ids.join(', ')}]' does not exist`);

export const snapshotNotFound = (ids: readonly string[]) =>
  new Ec2Error(
    'InvalidSnapshot.NotFound',
    ids.length === 1 ? `The snapshot '${ids[0]}' does not exist.` : `The snapshots '${ids.join(', ')}' do not exist.`,
  );

export const volumeNotFound = (ids: readonly string[]) =>
  new Ec2Error(
    'InvalidVolume.NotFound',
    ids.length === 1 ? `The volume '${ids[0]}' does not exist.` : `The volumes '${ids.join(', ')}' do not exist.`,
  );

export const malformedId = (code: string, id: string) => new Ec2Error(code, `Invalid id: "${id}"`);
