// The Bot Framework's token side, on 127.0.0.1: an OpenID configuration and a JWKS with a locally
// generated RSA key (endorsed for msteams, as Microsoft's keys are), and a signer for the JWTs the Bot
// Connector would put in the Authorization header. botbuilder reads the metadata URL given to the mount.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

export interface TokenClaims {
  audience?: string;
  issuer?: string;
  serviceUrl?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with a key the JWKS does not publish. */
  foreignKey?: boolean;
}

export class TokenServer {
  private server: Server | null = null;
  private key: CryptoKey | null = null;
  private otherKey: CryptoKey | null = null;
  private jwk: JWK | null = null;
  baseUrl = "";
  metadataRequests = 0;

  async start(): Promise<void> {
    const pair = await generateKeyPair("RS256", { extractable: true });
    this.key = pair.privateKey;
    this.otherKey = (await generateKeyPair("RS256")).privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: "test-key-1", use: "sig" };
    this.server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/v1/.well-known/openidconfiguration") {
        this.metadataRequests += 1;
        res.end(
          JSON.stringify({
            issuer: BOT_FRAMEWORK_ISSUER,
            authorization_endpoint: "https://invalid.example/authorize",
            jwks_uri: `${this.baseUrl}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ["RS256"],
            token_endpoint_auth_methods_supported: ["private_key_jwt"],
          }),
        );
        return;
      }
      if (req.url === "/v1/.well-known/keys") {
        res.end(JSON.stringify({ keys: [{ ...this.jwk, endorsements: ["msteams"] }] }));
        return;
      }
      res.statusCode = 404;
      res.end("{}");
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get metadataUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  /** A Bot Connector token: RS256, kid of the published key, aud = the bot's app id, serviceurl claim. */
  async sign(c: TokenClaims): Promise<string> {
    const key = c.foreignKey === true ? this.otherKey : this.key;
    if (key === null) throw new Error("token server not started");
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = c.expiresIn ?? 3600;
    return new SignJWT({ ...(c.serviceUrl !== undefined && { serviceurl: c.serviceUrl }) })
      .setProtectedHeader({ alg: "RS256", kid: "test-key-1", typ: "JWT" })
      .setIssuer(c.issuer ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(c.audience ?? "")
      .setIssuedAt(now - 600 + Math.min(0, expiresIn))
      .setNotBefore(now - 600 + Math.min(0, expiresIn))
      .setExpirationTime(now + expiresIn)
      .sign(key);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}
