/** Calls in flight at once: enough to keep DynamoDB busy without a burst of throttling. */
const IN_FLIGHT = 16;

/** Runs `work` on every entry, at most `inFlight` (default 16) at a time; rejects with the first failure. */
export async function inGroups<T>(entries: readonly T[], work: (entry: T) => Promise<unknown>, inFlight = IN_FLIGHT): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < entries.length) await work(entries[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, entries.length) }, worker));
}

/**
 * Runs `work` on every entry like {@link inGroups} and tallies what each returned. One entry's
 * unexpected error never stops the run: it is passed to `onError` and counted as `errored`.
 */
export async function tallyOutcomes<T, K extends string>(
  entries: readonly T[],
  work: (entry: T) => Promise<K>,
  counts: Record<K | 'errored', number>,
  { onError, inFlight }: { onError?: (error: unknown) => void; inFlight?: number } = {},
): Promise<Record<K | 'errored', number>> {
  await inGroups(
    entries,
    async (entry) => {
      const outcome = await work(entry).catch((error: unknown) => {
        onError?.(error);
        return 'errored' as const;
      });
      counts[outcome]++;
    },
    inFlight,
  );
  return counts;
}
