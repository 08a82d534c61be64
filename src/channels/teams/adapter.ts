// CloudAdapter with authentication split from the turn, so that the HTTP route can tell a rejected token (401)
// from a failure in the bot (500): CloudAdapter.process reports a token signed by an unknown key as a 500. Outside a
// turn, failures reject (instead of vanishing in onTurnError) and new messages are posts, not replies.
import { type Activity, CloudAdapter, type ConversationReference, type InvokeResponse, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication, ConnectorClient } from 'botframework-connector';
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

  /**
   * continueConversationAsync, except that a failure of `logic` rejects: CloudAdapter hands it to onTurnError, which
   * only logs, so a proactive post or update that the Bot Connector refused would otherwise look like a success.
   */
  async continueWith(
    appId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: { err: unknown } | undefined;
    await this.continueConversationAsync(appId, reference, async (context) => {
      try {
        await logic(context);
      } catch (err) {
        failure = { err };
      }
    });
    if (failure !== undefined) throw failure.err;
  }

  /**
   * Posts `message` as a new message in the conversation of `reference` (sendToConversation) and resolves with its id.
   * context.sendActivity in a continued conversation would send a reply to the continuation event's made-up id.
   */
  async postNew(appId: string, reference: Partial<ConversationReference>, message: Partial<Activity>): Promise<string> {
    let id = '';
    await this.continueWith(appId, reference, async (context) => {
      const client = context.turnState.get<ConnectorClient | undefined>(this.ConnectorClientKey);
      if (client === undefined) throw new Error('no connector client in the continued turn');
      const activity = TurnContext.applyConversationReference({ ...message }, reference);
      delete activity.replyToId;
      const conversationId = activity.conversation?.id ?? '';
      id = (await client.conversations.sendToConversation(conversationId, activity as Activity)).id ?? '';
    });
    return id;
  }
}
