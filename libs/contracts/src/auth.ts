/** Claims of the access token, shared by the API (issuer) and the realtime services. */
export interface AccessTokenClaims {
  sub: string; // user id
  name: string; // display name, used for presence
  role: 'admin' | 'member';
  org: string | null; // organisation id
  iat?: number;
  exp?: number;
}
