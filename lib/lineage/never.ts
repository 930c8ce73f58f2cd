/** The default of an exhaustive switch: a compile error when a case is missing, a clear error if bad data gets in. */
export function unreachable(value: never, what: string): never {
  throw new Error(`unknown ${what}: ${JSON.stringify(value)}`);
}
