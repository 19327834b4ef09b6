/**
 * A WHERE clause built from optional conditions, with every value passed as a positional parameter ($1, $2, …):
 * the one way repositories build a filter whose parts depend on what was asked.
 *
 *   const w = new Where();
 *   if (status) w.add('c.status = ?', status);
 *   db.query(`SELECT … FROM concerns c ${w.clause()} LIMIT ${w.param(limit)}`, w.params);
 */
export class Where {
  readonly params: unknown[];
  private readonly conditions: string[] = [];

  /** `params`: values already bound to $1… by the query's fixed text (the conditions number on after them). */
  constructor(params: unknown[] = []) {
    this.params = [...params];
  }

  /** Bind a value, giving its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /**
   * Add a condition; each `?` in it stands for the next value, passed as a parameter (never as SQL text). A
   * condition needing jsonb's `?` operator uses jsonb_exists() instead.
   */
  add(condition: string, ...values: unknown[]): this {
    const parts = condition.split('?');
    if (parts.length - 1 !== values.length)
      throw new Error(
        `condition "${condition}" has ${parts.length - 1} placeholders (?) but ${values.length} values were given`,
      );
    this.conditions.push(parts.reduce((sql, part, i) => sql + this.param(values[i - 1]) + part));
    return this;
  }

  /** Add a condition written as SQL (a fixed fragment, or one made with `param`). */
  sql(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** The conditions joined by AND ('TRUE' when there are none). */
  conditionsSql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'TRUE';
  }

  /** `WHERE a AND b`, or '' when there is no condition. */
  clause(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
