import { NormalizedSchema } from '@smithy/core/schema';
import type {
  SchemaTraitsObject,
  StaticErrorSchema,
  StaticOperationSchema,
  StaticSchemaIdError,
  StaticSchemaIdOperation,
} from '@smithy/types';

/**
 * The SDK clients ship their service model as static schema tuples (`@smithy/types` static-schemas), exported
 * from the client package as `<ShapeName>$`. The codecs read them through these named positions.
 */

/** An SDK client package's exports: its commands, and its schemas under `<ShapeName>$`. */
export type SdkModule = Record<string, unknown>;

/** Position 0 of every static schema tuple: what kind of shape it is. */
const SCHEMA_KIND = 0;
/** Position 3: the shape's traits (a bit field or an object). */
const SCHEMA_TRAITS = 3;
/** The kind id of an operation: [9, namespace, name, traits, input, output]. */
const OPERATION_KIND: StaticSchemaIdOperation = 9;
/** The kind id of an error structure: [-3, namespace, name, traits, member names, member schemas]. */
const ERROR_KIND: StaticSchemaIdError = -3;
/** Position 4 of an operation tuple: its input structure. */
const OPERATION_INPUT = 4;
/** Position 5 of an operation tuple: its output structure. */
const OPERATION_OUTPUT = 5;
/** Position 4 of a structure or error tuple: its member names. */
const STRUCT_MEMBER_NAMES = 4;

/** The operation names of a client package: `AssumeRoleCommand` → `AssumeRole`. */
export type OperationName<M> = { [K in keyof M]: K extends `${infer Op}Command` ? Op : never }[keyof M];

/**
 * A service's registry of actions, checked at compile time: a name that is not an operation of the SDK module M
 * must have the type never, so a misspelt or invented action does not compile.
 */
export const sdkOperations =
  <M>() =>
  <R extends object>(actions: R & Record<Exclude<keyof R, OperationName<M>>, never>): R =>
    actions;

/** The operation's schema, or undefined when the SDK has no operation of that name. */
export function operationSchema(sdk: SdkModule, name: string): StaticOperationSchema | undefined {
  if (name === '') return undefined;
  const candidate = sdk[`${name}$`];
  return Array.isArray(candidate) && candidate[SCHEMA_KIND] === OPERATION_KIND
    ? (candidate as StaticOperationSchema)
    : undefined;
}

export const inputOf = (operation: StaticOperationSchema) => NormalizedSchema.of(operation[OPERATION_INPUT]);
export const outputOf = (operation: StaticOperationSchema) => NormalizedSchema.of(operation[OPERATION_OUTPUT]);

/** The traits the model gives an error shape (`httpError`, `awsQueryError`, `error`), when it models that error. */
export function errorTraits(sdk: SdkModule, name: string): SchemaTraitsObject | undefined {
  const candidate = sdk[`${name}$`];
  if (!Array.isArray(candidate) || candidate[SCHEMA_KIND] !== ERROR_KIND) return undefined;
  const traits = (candidate as StaticErrorSchema)[SCHEMA_TRAITS];
  return typeof traits === 'object' ? traits : undefined;
}

/** The HTTP status the model gives a modelled error: its httpError trait, else 400 for client and 500 for server. */
export function errorStatus(sdk: SdkModule, name: string): number | undefined {
  const traits = errorTraits(sdk, name);
  if (!traits) return undefined;
  if (typeof traits.httpError === 'number') return traits.httpError;
  return traits.error === 'server' ? 500 : 400;
}

/** The member names of a modelled structure or error shape; none when the SDK has no such shape. */
export function memberNames(sdk: SdkModule, name: string): string[] {
  const tuple = sdk[`${name}$`];
  const names: unknown = Array.isArray(tuple) ? tuple[STRUCT_MEMBER_NAMES] : undefined;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}
