// CloudAdapter with authentication split from the turn, so that the HTTP route can tell a rejected token (401)
// from a failure in the bot (500): CloudAdapter.process reports a token signed by an unknown key as a 500.
import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from '../../log';

/** The inbound token was missing, expired, for another audience, or not signed by a trusted key. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

export class TeamsAdapter extends CloudAdapter {
  constructor(authentication: BotFrameworkAuthentication, log: Logger) {
    super(authentication);
    // A turn's own errors are caught in the bot; this is the last line, and it must not print to the console.
    this.onTurnError = async (_context, err) => {
      log.error({ err }, 'a Teams turn failed');
    };
  }

  /** Validates the request's token (when an app id is configured); rejects with TokenRejectedError otherwise. */
  async authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw new TokenRejectedError(err instanceof Error ? err.message : String(err), { cause: err });
    }
  }

  /** Runs the turn for an authenticated activity; resolves with the invoke response, if the turn made one. */
  async run(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}
