/** Claims of the access token, shared by the API (issuer) and the realtime services. */
export interface AccessTokenClaims {
  sub: string; // user id
  name: string; // display name, used for presence
  role: 'admin' | 'member';
  org: string | null; // organisation id
  sid?: string; // the OIDC session (logout with id_token_hint), when signed in through OIDC
  iat?: number;
  exp?: number;
}
