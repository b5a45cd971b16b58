/** One thing `reproduce` checked: how many parts matched, and each one that did not, by name. */
export interface Check {
  readonly name: string;
  readonly matched: number;
  readonly total: number;
  readonly problems: readonly string[];
  /** Set when the check could not be made at all (and why). */
  readonly skipped?: string;
}
