/**
 * Readiness: named checks, each answering undefined (passing) or what is wrong. /readyz is 200 only
 * when every check passes; otherwise 503 with each check's outcome, the failing ones named.
 */
export type Check = () => string | undefined | Promise<string | undefined>;

export interface CheckOutcome {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckOutcome>>;
  /** The names of the failing checks. */
  readonly failing: readonly string[];
}

/** Runs every check at once; a check that throws or takes longer than `timeoutMs` fails. */
export async function evaluate(checks: Readonly<Record<string, Check>>, timeoutMs = 3_000): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckOutcome]> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs)));
      try {
        const failure = await Promise.race([Promise.resolve().then(check), late]);
        return [name, failure === undefined ? { ok: true } : { ok: false, detail: failure }];
      } catch (error) {
        return [name, { ok: false, detail: error instanceof Error ? error.name : 'check failed' }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failing = entries.filter(([, o]) => !o.ok).map(([name]) => name);
  return { ready: failing.length === 0, checks: Object.fromEntries(entries), failing };
}

/** Not ready before the checks are set: the service is still starting. */
export const STARTING: Readonly<Record<string, Check>> = { started: () => 'starting' };
