/** Flat EC2 Query parameters ("Filter.1.Value.2" → value) with an index of every key prefix. */
export class QueryParams {
  private readonly values = new Map<string, string>();
  private readonly prefixes = new Set<string>();

  constructor(entries: Iterable<[string, string]>) {
    for (const [key, value] of entries) {
      this.values.set(key, value);
      let dot = key.indexOf('.');
      while (dot !== -1) {
        this.prefixes.add(key.slice(0, dot));
        dot = key.indexOf('.', dot + 1);
      }
    }
  }

  static parse(body: string): QueryParams {
    return new QueryParams(new URLSearchParams(body));
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** True when the key itself or any nested key under it was sent. */
  has(key: string): boolean {
    return this.values.has(key) || this.prefixes.has(key);
  }

  /** Sent as "Key=" with an empty value: an explicitly empty list. */
  isEmpty(key: string): boolean {
    return this.values.get(key) === '' && !this.prefixes.has(key);
  }
}
