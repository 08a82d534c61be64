// Posting to a response_url (slash commands and button clicks): works in channels the bot is not a member of, and is
// the only way to change an ephemeral message. Slack allows 5 posts within 30 minutes per URL (docs/platform-facts.md,
// Slack).
import type { Logger } from '../../log';
import { DefiniteFailure, RateLimitedError, type RetryPolicy, withSlackRetries } from './retry';

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
/** A post Slack does not answer within this is abandoned (and, if it may have been acted on, not repeated). */
export const RESPONSE_URL_TIMEOUT_MS = 10_000;

export interface ResponseUrlBody {
  response_type?: 'in_channel' | 'ephemeral';
  replace_original?: boolean;
  delete_original?: boolean;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
}

export class ResponseUrlExhausted extends DefiniteFailure {
  override name = 'ResponseUrlExhausted';
}

/** One invocation's response_url, counting its uses so the sixth post fails here rather than silently at Slack. */
export class ResponseUrl {
  private uses = 0;
  private readonly issuedAt: number;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly policy: RetryPolicy,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = RESPONSE_URL_TIMEOUT_MS,
  ) {
    this.issuedAt = now();
  }

  get remainingUses(): number {
    return RESPONSE_URL_MAX_USES - this.uses;
  }

  async post(body: ResponseUrlBody): Promise<void> {
    if (this.uses >= RESPONSE_URL_MAX_USES) throw new ResponseUrlExhausted('response_url used 5 times already');
    if (this.now() - this.issuedAt > RESPONSE_URL_LIFETIME_MS) {
      throw new ResponseUrlExhausted('response_url is older than 30 minutes');
    }
    // Replacing or deleting the original is safe to repeat; a new message is not.
    const idempotent = body.replace_original === true || body.delete_original === true;
    await withSlackRetries(this.policy, this.log, 'response_url', idempotent, async () => {
      this.uses += 1;
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      if (response.status === 429) {
        // A refused post is not a use; the retry will count itself.
        this.uses -= 1;
        throw new RateLimitedError(
          Number.parseInt(response.headers.get('retry-after') ?? '1', 10) || 1,
          'response_url',
        );
      }
      if (response.status >= 400 && response.status < 500) {
        throw new DefiniteFailure(`response_url answered ${response.status} ${text.slice(0, 100)}`);
      }
      if (!response.ok) throw new Error(`response_url answered ${response.status}`);
      // Slack answers "ok" as text or {"ok":true}; {"ok":false,"error":…} is a refusal.
      const refusal = refusalIn(text);
      if (refusal !== undefined) throw new DefiniteFailure(`response_url refused: ${refusal}`);
    });
  }
}

function refusalIn(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text) as { ok?: boolean; error?: string };
    return parsed.ok === false ? (parsed.error ?? 'unknown error') : undefined;
  } catch {
    return undefined;
  }
}
