// What a user reads when something fails: known errors explain themselves, anything else is a ref found in the log.
import { NotAuthorizedError, ThrottledError, toUserMessage, UserFacingError } from '../../src/core/errors';
import { captureLog } from '../support/capture-log';

test('a UserFacingError shows its message and what to do, and logs nothing', () => {
  const captured = captureLog();
  const err = new UserFacingError('No vault named "rsv-prod" in your scope.', { hint: 'Try `vaults` to list them.' });
  expect(toUserMessage(err, captured.log)).toBe('No vault named "rsv-prod" in your scope. Try `vaults` to list them.');
  expect(toUserMessage(new UserFacingError('Nothing to retry.'), captured.log)).toBe('Nothing to retry.');
  expect(captured.lines()).toHaveLength(0);
});

test('a ThrottledError tells the user how long to wait', () => {
  const { log } = captureLog();
  const err = new ThrottledError(12_400);
  expect(err.retryAfterMs).toBe(12_400);
  expect(toUserMessage(err, log)).toBe('Azure is throttling requests right now. Try again in about 13 s.');
});

test('a NotAuthorizedError states the reason', () => {
  const { log } = captureLog();
  const err = new NotAuthorizedError('retry is limited to the people listed in RETRY_ALLOW', {
    hint: 'Ask a backup admin to add you.',
  });
  expect(err.reason).toBe('retry is limited to the people listed in RETRY_ALLOW');
  expect(toUserMessage(err, log)).toBe(
    'You are not allowed to do that: retry is limited to the people listed in RETRY_ALLOW. Ask a backup admin to add you.',
  );
});

test('an unexpected error shows only a ref; the log has the full error under that ref, without secrets', () => {
  const captured = captureLog();
  const err = new TypeError('cannot read properties of undefined (token xoxb-111-222-secret)');
  const message = toUserMessage(err, captured.log);
  const ref = /^something went wrong \(ref ([0-9a-f]{8})\)$/.exec(message)?.[1];
  expect(ref).toBeDefined();
  expect(message).not.toContain('undefined');
  const [line] = captured.lines();
  expect(line).toMatchObject({ level: 50, ref, err: { type: 'TypeError' } });
  expect(String((line?.['err'] as { stack?: string } | undefined)?.stack)).toContain(
    'cannot read properties of undefined',
  );
  expect(captured.text()).not.toContain('xoxb-111');
});

test('each unexpected error gets a fresh ref, also for thrown non-errors', () => {
  const { log } = captureLog();
  const first = toUserMessage(new Error('a'), log);
  const second = toUserMessage('a string was thrown', log);
  expect(first).not.toBe(second);
  expect(second).toMatch(/^something went wrong \(ref [0-9a-f]{8}\)$/);
});
