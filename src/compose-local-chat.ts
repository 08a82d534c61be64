// Outside demo mode without MICROSOFT_APP_ID (opted in with LOCAL_CHAT_WITHOUT_AUTH): who may still write. Teams and
// playground callers are whoever a local process claims to be, so no RETRY_ALLOW rule may name them.
import type { AccessPolicy, AccessRule } from './core/authorize';
import type { Logger } from './log';

/** Platforms whose callers the unauthenticated /api/messages route vouches for: nobody checked who they are. */
const UNCHECKED = new Set(['teams', 'playground']);

function forCheckedCallers(rule: AccessRule): AccessRule[] {
  const { subject } = rule;
  // "*" keeps its meaning for the platforms that authenticate their callers (Slack signs requests; the CLI is local).
  if (subject.kind === 'anyone') {
    return (['slack', 'cli'] as const).map((platform) => ({ ...rule, subject: { kind: 'platform', platform } }));
  }
  return UNCHECKED.has(subject.platform) ? [] : [rule];
}

/** The policy without any rule that could let an unauthenticated Teams or playground caller retry. */
export function withoutUncheckedWriters(policy: AccessPolicy): AccessPolicy {
  return { rules: policy.rules.flatMap(forCheckedCallers) };
}

/**
 * The RETRY_ALLOW policy for a bot that serves Teams and the playground without authentication, said loudly at start.
 * Against the Azure stand-in (a loopback ARM_ENDPOINT with its demo token) a backup starts nothing real: writes stay.
 */
export function composeLocalChat(policy: AccessPolicy, standIn: boolean, log: Logger): AccessPolicy {
  if (standIn) {
    log.warn(
      'LOCAL_CHAT_WITHOUT_AUTH: Teams and the playground serve this machine WITHOUT authentication (Azure stand-in)',
    );
    return policy;
  }
  const filtered = withoutUncheckedWriters(policy);
  log.warn(
    { dropped: policy.rules.length - filtered.rules.length },
    'LOCAL_CHAT_WITHOUT_AUTH: Teams and the playground serve this machine WITHOUT authentication, on LIVE Azure data; ' +
      'retry is refused to every Teams and playground caller (set MICROSOFT_APP_ID to allow it)',
  );
  return filtered;
}
