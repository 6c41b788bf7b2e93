// A background task of the Node server: run now, then `intervalMs` after each run ends, so runs
// never overlap; a failed run is logged under its name and the next one still comes. stop()
// waits for a run in progress, which can ask stopped() to end early.
export type Repeating = { stop(): Promise<void> };

export function repeat(
  name: string,
  intervalMs: number,
  run: (stopped: () => boolean) => Promise<void>,
): Repeating {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  const tick = () => {
    running = run(() => stopped)
      .catch((err: unknown) =>
        console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
