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
