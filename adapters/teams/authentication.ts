import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from "botbuilder";
import type { Config } from "../../src/config.ts";
import { StartupError } from "../../src/main.ts";

// Who the bot is to the Bot Framework (credentials for outgoing calls) and how incoming calls prove they
// come from it (JWT validation, done by botbuilder). Single-tenant: a client secret, a certificate, or a
// user-assigned managed identity.

/** botframework-connector's ServiceClientCredentialsFactory, reached through botbuilder's own exports. */
export type CredentialsFactory = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]
>;

// The public Azure cloud's Bot Framework endpoints (botframework-connector's AuthenticationConstants, which
// botbuilder does not re-export). Given explicitly, so a test can replace one without losing the others.
export const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromChannelOpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  ToBotFromEmulatorOpenIdMetadataUrl:
    "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
} as const;

/** Per-request note that authentication failed, whatever error botbuilder turned the failure into. */
const requestState = new AsyncLocalStorage<{ authenticationFailed: boolean }>();

export function inRequest<T>(work: (state: { authenticationFailed: boolean }) => Promise<T>): Promise<T> {
  const state = { authenticationFailed: false };
  return requestState.run(state, () => work(state));
}

/**
 * botbuilder's authentication, unchanged, except that every failure is remembered for the request: a token
 * with a bad signature surfaces as a plain JsonWebTokenError, which botbuilder answers with 500.
 */
export class RefusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      const state = requestState.getStore();
      if (state !== undefined) state.authenticationFailed = true;
      throw e;
    }
  }
}

export function credentialsFrom(config: Config): CredentialsFactory {
  if (config.MicrosoftAppId === undefined) return new ConfigurationServiceClientCredentialFactory({});
  let privateKey: string | undefined;
  if (config.TEAMS_CERT_KEY_FILE !== undefined) {
    try {
      privateKey = readFileSync(config.TEAMS_CERT_KEY_FILE, "utf8");
    } catch (e) {
      throw new StartupError(
        `TEAMS_CERT_KEY_FILE: cannot read ${config.TEAMS_CERT_KEY_FILE} (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppType: config.MicrosoftAppType === "UserAssignedMSI" ? "UserAssignedMsi" : "SingleTenant",
    ...(config.MicrosoftAppTenantId !== undefined && { MicrosoftAppTenantId: config.MicrosoftAppTenantId }),
    ...(config.MicrosoftAppPassword !== undefined && { MicrosoftAppPassword: config.MicrosoftAppPassword }),
    ...(config.TEAMS_CERT_THUMBPRINT !== undefined && {
      CertificateThumbprint: config.TEAMS_CERT_THUMBPRINT,
    }),
    ...(privateKey !== undefined && { CertificatePrivateKey: privateKey }),
  });
}
