// The SMS gateway: one provider-neutral JSON shape over `fetch` (Node and Workers alike), so any
// gateway, or a few lines of relay in front of one, can carry the crisis cell's contact requests.
// README "Contact requests" documents the shape and maps it onto MessageBird's.
//
//   POST SMS_API_URL  Authorization: Bearer SMS_API_TOKEN
//   { "to": "+3214...", "text": "...", "reference": "ctc-12", "reportUrl": "https://.../sms/reports" }
//   → 2xx { "id": "gateway's message id" }
//
//   delivery report: POST reportUrl  Authorization: Bearer SMS_WEBHOOK_SECRET
//   { "id": "gateway's message id", "status": "delivered" | "failed" | ..., "error": "..." }
import { timingSafeEqual } from 'node:crypto';

export type SmsGateway = {
  url: string;
  token: string;
  /** The shared secret the gateway's delivery reports carry; null accepts none. */
  webhookSecret: string | null;
  timeoutMs: number;
};
export type SmsMessage = { to: string; text: string; reference: string; reportUrl: string };
export type SmsResult =
  { ok: true; id: string; response: string } | { ok: false; response: string; permanent: boolean };

const bounded = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 300);

/** One try; the contact outbox retries as the mail outbox does. Never throws. */
export async function sendSms(gateway: SmsGateway, msg: SmsMessage): Promise<SmsResult> {
  try {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${gateway.token}` },
      body: JSON.stringify(msg),
      signal: AbortSignal.timeout(gateway.timeoutMs),
    });
    const body = await res.text();
    const response = bounded(`HTTP ${res.status} ${body}`);
    if (!res.ok)
      // A refused number or message is final; a refused token, a rate limit or an outage is ours
      // to retry with back-off.
      return { ok: false, response, permanent: res.status === 400 || res.status === 422 };
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' && id
      ? { ok: true, id, response }
      : { ok: false, response: `no message id: ${response}`, permanent: false };
  } catch (err) {
    return { ok: false, response: bounded(String(err)), permanent: false };
  }
}

export type SmsDeliveryReport = {
  id: string;
  delivery: 'delivered' | 'not_delivered';
  detail: string;
};

// Final statuses only; intermediate ones (queued, sent, buffered) change nothing.
const DELIVERED = new Set(['delivered']);
const NOT_DELIVERED = new Set(['failed', 'undelivered', 'expired', 'rejected', 'delivery_failed']);

/** A delivery report's body, or null when it is not one (or an intermediate status). */
export function parseDeliveryReport(body: unknown): SmsDeliveryReport | null {
  if (!body || typeof body !== 'object') return null;
  const { id, status, error } = body as Record<string, unknown>;
  if (typeof id !== 'string' || !id || typeof status !== 'string') return null;
  const s = status.toLowerCase();
  const delivery = DELIVERED.has(s) ? 'delivered' : NOT_DELIVERED.has(s) ? 'not_delivered' : null;
  if (!delivery) return null;
  return { id, delivery, detail: bounded(typeof error === 'string' ? `${s}: ${error}` : s) };
}

/** The report's `Authorization: Bearer <secret>` against the configured secret, in constant time. */
export function reportAuthorised(gateway: SmsGateway | null, header: string | undefined): boolean {
  if (!gateway?.webhookSecret || !header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice('Bearer '.length));
  const b = Buffer.from(gateway.webhookSecret);
  return a.length === b.length && timingSafeEqual(a, b);
}
