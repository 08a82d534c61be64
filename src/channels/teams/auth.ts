// Bot Framework authentication from configuration: no app id → no auth (local use only); an app id → every inbound
// activity's JWT is validated, against the public cloud or, when any endpoint override is set, against those endpoints.
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from '../../config';

export type TeamsAuthConfig = Config['teams'];

/** Whether inbound activities must carry a valid Bot Framework token. */
export function isAuthEnabled(teams: TeamsAuthConfig): boolean {
  return teams.appId !== undefined;
}

/**
 * The authentication CloudAdapter uses for inbound (JWT validation) and outbound (tokens for the connector) calls.
 * Setting any one endpoint switches botbuilder to "parameterized" mode, where every endpoint it does not get is
 * empty; so when one override is given, the others get their public-cloud values here.
 */
export function createBotAuthentication(teams: TeamsAuthConfig): BotFrameworkAuthentication {
  if (!isAuthEnabled(teams)) return new ConfigurationBotFrameworkAuthentication({});
  const identity = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppPassword: teams.appPassword,
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.appTenantId,
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(identity);
  const overridden = [teams.openIdMetadataUrl, teams.tokenIssuer, teams.loginUrl, teams.oauthScope].some(
    (value) => value !== undefined,
  );
  if (!overridden) return new ConfigurationBotFrameworkAuthentication(identity, credentials);
  return new ConfigurationBotFrameworkAuthentication(
    {
      ...identity,
      ToBotFromChannelOpenIdMetadataUrl:
        teams.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      // Emulator-issued tokens are checked against the same keys when overridden: a private setup has one issuer.
      ToBotFromEmulatorOpenIdMetadataUrl:
        teams.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: teams.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: teams.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: teams.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      // A stand-in login endpoint is not a known Entra authority; the real ones validate either way.
      ValidateAuthority: false,
    },
    credentials,
  );
}
