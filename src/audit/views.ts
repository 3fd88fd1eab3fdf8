/**
 * The audit's answer shape for the dashboard's sign-in aggregates, as the Enterprise Center API
 * sends it. Type-only and import-free, so the console (web/src/lib/types.ts) shares it.
 */
export interface LoginStats {
  from: string;
  to: string;
  tzOffsetMinutes: number;
  methods: string[];
  days: { date: string; counts: Record<string, number>; total: number }[];
  failures: { reason: string; count: number }[];
  /** Of the failures, those at the second factor (action `login.factor`), grouped as `failures` are. */
  secondFactorFailures: { reason: string; count: number }[];
  totals: { signIns: number; failures: number };
}
