// Outbound calls to the Bot Connector (replies, proactive posts, card updates): the connector client's own retry
// policy is replaced, because it re-sends a POST after a 5xx, a reset or a timeout (possibly a second message).
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from '../../log';

export interface OutboundLimits {
  /** How many 429s one call waits out before it fails (a 429 means nothing was posted, so sending again is safe). */
  maxRateLimitWaits: number;
  /** A Retry-After longer than this is not waited for: the call fails at once. */
  maxRetryAfterS: number;
  /** A call without an answer after this long fails (and, if it was a POST, is not repeated). */
  timeoutMs: number;
  /** Extra attempts after a 5xx or a dropped connection, for PUT/GET/DELETE only (repeating them changes nothing). */
  idempotentRetries: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = {
  maxRateLimitWaits: 3,
  maxRetryAfterS: 60,
  // A turn's first call that gets no answer ends the turn (isNoAnswer), so Teams, which gives up on a request after
  // 15 s, still hears back from the bot in time.
  timeoutMs: 10_000,
  idempotentRetries: 2,
};

/** @azure/core-rest-pipeline's default: 3 retries of 429/503 (any Retry-After), 5xx, 408 and resets, POSTs too. */
const LIBRARY_RETRY_POLICY = 'defaultRetryPolicy';
const POLICY_NAME = 'backupBotConnectorRetry';
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header (seconds or an HTTP date); a missing or unreadable one counts as 1 s. */
function retryAfterSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : 1;
}

/**
 * The connector did not answer at all (timeout, refused or reset connection): a failure without an HTTP status. The
 * turn's other calls would go to the same connector and wait as long, so a turn stops at the first one.
 */
export function isNoAnswer(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const { statusCode, name } = err as { statusCode?: unknown; name?: unknown };
  return typeof statusCode !== 'number' && (name === 'AbortError' || name === 'RestError');
}

function isAmbiguous(response: PipelineResponse): boolean {
  return response.status >= 500 || response.status === 408;
}

export function connectorRetryPolicy(limits: OutboundLimits, log: Logger): PipelinePolicy {
  return {
    name: POLICY_NAME,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      // The client sets no timeout of its own: a hung connector would hold a delivery forever.
      if (!request.timeout) request.timeout = limits.timeoutMs;
      const idempotent = IDEMPOTENT.has(request.method);
      let waits = 0;
      let retries = 0;
      for (;;) {
        let response: PipelineResponse;
        try {
          response = await next(request);
        } catch (err) {
          // No answer (reset, timeout): a POST may have been acted on, so only an idempotent call goes again.
          if (!idempotent || retries >= limits.idempotentRetries || request.abortSignal?.aborted) throw err;
          retries += 1;
          await sleep(250 * retries);
          continue;
        }
        if (response.status === 429) {
          const wait = retryAfterSeconds(response.headers.get('retry-after'));
          if (waits >= limits.maxRateLimitWaits || wait > limits.maxRetryAfterS) return response;
          waits += 1;
          log.warn({ method: request.method, retryAfterS: wait }, 'the Bot Connector rate-limited a call; waiting');
          // Whole seconds; a floor of 1 s keeps a "0" from spinning.
          await sleep(Math.max(1, wait) * 1000);
          continue;
        }
        if (!idempotent || !isAmbiguous(response) || retries >= limits.idempotentRetries) return response;
        retries += 1;
        await sleep(250 * retries);
      }
    },
  };
}

/** The connector client keeps its pipeline in a private field (botbuilder-stdlib's ServiceClientContext.client). */
interface WithPipeline {
  client?: {
    pipeline?: {
      getOrderedPolicies(): PipelinePolicy[];
      removePolicy(options: { name: string }): unknown;
      addPolicy(policy: PipelinePolicy, options?: { phase?: 'Retry' }): void;
    };
  };
}

function tune(connector: ConnectorClient, policy: PipelinePolicy): ConnectorClient {
  const pipeline = (connector as unknown as WithPipeline).client?.pipeline;
  if (pipeline === undefined) throw new Error('the Bot Connector client has no pipeline to fit the retry policy to');
  pipeline.removePolicy({ name: LIBRARY_RETRY_POLICY });
  if (!pipeline.getOrderedPolicies().some((p) => p.name === POLICY_NAME))
    pipeline.addPolicy(policy, { phase: 'Retry' });
  return connector;
}

class TunedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly policy: PipelinePolicy,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return tune(await this.inner.create(serviceUrl, audience), this.policy);
  }
}

/** The same authentication, with every connector client it creates (per turn and proactive) on our retry policy. */
class TunedAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly policy: PipelinePolicy,
  ) {
    super();
  }

  private tuned(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory === undefined
      ? result
      : { ...result, connectorFactory: new TunedConnectorFactory(factory, this.policy) };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.tuned(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.tuned(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new TunedConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.policy);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

export function withOutboundPolicy(
  authentication: BotFrameworkAuthentication,
  limits: OutboundLimits,
  log: Logger,
): BotFrameworkAuthentication {
  return new TunedAuthentication(authentication, connectorRetryPolicy(limits, log));
}
