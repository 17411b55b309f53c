// Waits for a condition the test cannot be told about (a file, a process, a
// podman state): asks again every interval until it holds or the time is up.

/** Resolves with the probe's first truthy answer; throws "timed out waiting for WHAT" after timeoutMs. */
export async function pollUntil<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
