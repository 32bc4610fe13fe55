import { Inject, Injectable } from '@nestjs/common';
import { OpenLineageEmitConfig } from '../config/app-config.js';
import type { EmittedRunEvent } from './run-events.js';

/**
 * How a POST ended: delivered; `retry` (the consumer is down, slow, busy or
 * refuses the key: try the same events later); `too-large` (413: send them
 * in smaller batches); `rejected` (the consumer refuses the events
 * themselves, 400/422: sending them again cannot help).
 */
export type PostOutcome = { readonly kind: 'delivered' } | { readonly kind: 'retry' | 'too-large' | 'rejected'; readonly reason: string };

/** Statuses the OpenLineage clients' HTTP transports also treat as "the events are wrong", not "try again". */
const REJECTED = new Set([400, 422]);
const REASON_MAX = 300;

/**
 * The OpenLineage HTTP transport: POSTs a JSON array of RunEvents to
 * OPENLINEAGE_URL + OPENLINEAGE_ENDPOINT with `Authorization: Bearer
 * <OPENLINEAGE_API_KEY>` (when set), within OPENLINEAGE_TIMEOUT_MS, using
 * Node's fetch. The key is never part of an outcome's reason.
 */
@Injectable()
export class OpenLineageTransport {
  constructor(@Inject(OpenLineageEmitConfig) private readonly config: OpenLineageEmitConfig) {}

  /** `stop` (shutdown) aborts a POST in flight; it then counts as not delivered. */
  async post(events: readonly EmittedRunEvent[], stop?: AbortSignal): Promise<PostOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.config.apiKey !== '') headers.authorization = `Bearer ${this.config.apiKey}`;
    let response: Response;
    try {
      response = await fetch(this.config.target, { method: 'POST', headers, body: JSON.stringify(events), signal: stop ? AbortSignal.any([stop, AbortSignal.timeout(this.config.timeoutMs)]) : AbortSignal.timeout(this.config.timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : e.name === 'AbortError' ? 'stopped' : (e.cause?.code ?? e.message);
      return { kind: 'retry', reason: this.clean(why) };
    }
    const body = await response.text().catch(() => '');
    if (response.ok) return { kind: 'delivered' };
    const reason = this.clean(`HTTP ${response.status}${body ? `: ${body}` : ''}`);
    if (response.status === 413) return { kind: 'too-large', reason };
    if (REJECTED.has(response.status)) return { kind: 'rejected', reason };
    return { kind: 'retry', reason };
  }

  private clean(text: string): string {
    const key = this.config.apiKey;
    const safe = key === '' ? text : text.split(key).join('***');
    return safe.length > REASON_MAX ? `${safe.slice(0, REASON_MAX - 1)}…` : safe;
  }
}
