// One HTTP exchange with a platform, as both targets run it (`fetch`): a timeout per try, and
// retries with back-off on 429 and 5xx, waiting what `Retry-After` asks when it asks little
// enough (a crisis operator would rather hear "rate limited" now than wait minutes). Nothing
// here logs: URLs and headers may carry a token.

export type HttpSettings = {
  timeoutMs: number;
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the call fails as rate limited. */
  maxRetryAfterMs: number;
  /** The pause between tries (tests observe it instead of waiting). */
  sleep: (ms: number) => Promise<void>;
};

/** What came back; `status` 0 when the platform could not be reached (or timed out) at all. */
export type Answer = { status: number; body: unknown };

const BACKOFF_MS = 500;

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const retryable = (status: number) => status === 0 || status === 429 || status >= 500;

export async function exchange(url: string, init: RequestInit, s: HttpSettings): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let answer: Answer;
    let wait: number | null = null;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(s.timeoutMs) });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      answer = { status: res.status, body };
      wait = retryAfterMs(res.headers.get('retry-after'), Date.now());
    } catch {
      answer = { status: 0, body: null };
    }
    if (!retryable(answer.status) || attempt >= s.maxRetries) return answer;
    const pause = wait ?? BACKOFF_MS * 2 ** attempt;
    if (pause > s.maxRetryAfterMs) return answer;
    await s.sleep(pause);
  }
}

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
