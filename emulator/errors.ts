/**
 * An error as a service answers it: the code, message and HTTP status AWS answers with, and any further members
 * the service's error shape carries (Organizations' `Reason`, say). Thrown by models, written by each protocol.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// EC2's errors.

export const dryRunOperation = () =>
  new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);

export const unauthorized = (message = 'You are not authorized to perform this operation.') =>
  new ApiError('UnauthorizedOperation', message, 403);

export const throttled = () => new ApiError('RequestLimitExceeded', 'Request limit exceeded.', 503);

export const invalidAction = (action: string) =>
  new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`);

export const missingParameter = (name: string) =>
  new ApiError('MissingParameter', `The request must contain the parameter ${name}`);

export const invalidParameterValue = (message: string) => new ApiError('InvalidParameterValue', message);

export const invalidParameterCombination = (message: string) => new ApiError('InvalidParameterCombination', message);

export const idempotentParameterMismatch = (token: string) =>
  new ApiError(
    'IdempotentParameterMismatch',
    `Client token '${token}' was already used with different request parameters.`,
  );

export const incorrectInstanceState = (instanceId: string, state: string, action: string) =>
  new ApiError(
    'IncorrectInstanceState',
    `The instance '${instanceId}' is not in a state from which it can be ${action} (current state: ${state}).`,
  );

export const incorrectState = (message: string) => new ApiError('IncorrectState', message);

export const instanceNotFound = (ids: readonly string[]) =>
  new ApiError(
    'InvalidInstanceID.NotFound',
    ids.length === 1
      ? `The instance ID '${ids[0]}' does not exist`
      : `The instance IDs '${ids.join(', ')}' do not exist`,
  );

export const imageNotFound = (ids: readonly string[]) =>
  new ApiError('InvalidAMIID.NotFound', `The image id '[${ids.join(', ')}]' does not exist`);

export const snapshotNotFound = (ids: readonly string[]) =>
  new ApiError(
    'InvalidSnapshot.NotFound',
    ids.length === 1 ? `The snapshot '${ids[0]}' does not exist.` : `The snapshots '${ids.join(', ')}' do not exist.`,
  );

export const volumeNotFound = (ids: readonly string[]) =>
  new ApiError(
    'InvalidVolume.NotFound',
    ids.length === 1 ? `The volume '${ids[0]}' does not exist.` : `The volumes '${ids.join(', ')}' do not exist.`,
  );

export const malformedId = (code: string, id: string) => new ApiError(code, `Invalid id: "${id}"`);

/** What EC2 answers when the caller may see an image but does not own it. */
export const notAuthorizedForImage = (imageId: string) =>
  new ApiError('AuthFailure', `Not authorized for image:${imageId}`);

export const expiredToken = (status = 400) =>
  new ApiError('ExpiredToken', 'The security token included in the request is expired', status);
