/**
 * Sign-in through an OpenID Connect provider (NHS CIS2 or any other): authorisation code with PKCE, state and
 * nonce, via openid-client. The selected role's national RBAC entry (role_code, org_code) maps onto a Lantern
 * role through the configured table; no mapping, no access (deny by default).
 */
import * as client from 'openid-client';
import { isRole, type Role } from '../domain/roles.js';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the callback URL registered with the provider, ending /api/auth/oidc/callback */
  redirectUri: string;
  /** national RBAC role code (or the app role claim's value) → Lantern role */
  roleMap: Record<string, Role>;
  scopes: string;
  /** allow an http:// issuer (a provider on localhost in development and tests) */
  allowHttp: boolean;
  /** a label for the sign-in button */
  label: string;
}

export interface RbacRole {
  role_code?: string;
  org_code?: string;
  person_roleid?: string;
}

/** Map the identity's claims to grants: the selected role if there is one, else every national RBAC role. */
export function grantsFromClaims(
  claims: Record<string, unknown>,
  roleMap: Record<string, Role>,
): Array<{ role: Role; orgCode: string | null }> {
  const roles = Array.isArray(claims.nhsid_nrbac_roles) ? (claims.nhsid_nrbac_roles as RbacRole[]) : [];
  const selected = typeof claims.selected_roleid === 'string' ? claims.selected_roleid : null;
  const chosen = selected ? roles.filter((r) => r.person_roleid === selected) : roles;
  const out: Array<{ role: Role; orgCode: string | null }> = [];
  for (const r of chosen) {
    // role codes look like S8001:G8005:R8000; any part may be mapped
    const parts = (r.role_code ?? '').split(':');
    const mapped = parts.map((p) => roleMap[p]).find((x): x is Role => !!x && isRole(x));
    if (!mapped) continue;
    const unscoped = mapped === 'admin' || mapped === 'partner';
    out.push({ role: mapped, orgCode: unscoped ? null : (r.org_code ?? null) });
  }
  return out;
}

export class OidcClient {
  private config: Promise<client.Configuration> | null = null;
  constructor(readonly settings: OidcSettings) {}

  private discover(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        this.settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.config = null; // try again next time: the provider may have been down
        throw e;
      });
    return this.config;
  }

  async start(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const config = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchange the code (checking state, nonce, PKCE and the id_token), then fetch userinfo afresh. */
  async finish(
    currentUrl: URL,
    pending: { state: string; nonce: string; codeVerifier: string },
  ): Promise<{ subject: string; claims: Record<string, unknown> }> {
    const config = await this.discover();
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    return { subject: idClaims.sub, claims: { ...idClaims, ...info } };
  }
}
