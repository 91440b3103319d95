/** What the PostgreSQL store counts of its commits (`PostgresStore.stats()`). */
export interface PostgresStats {
  /** Commits that changed the store. */
  commits: number;
  /** Commits refused because their event id was already applied. */
  duplicates: number;
  /** Commits that failed (and changed nothing). */
  failures: number;
  /** Group commits of votes: statements, commits they held, the largest. */
  batches: number;
  batched: number;
  largest: number;
}
