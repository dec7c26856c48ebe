// The console is an OIDC public client (authorization code + PKCE) of our own provider, through
// oidc-client-ts. Tokens stay in memory (never in localStorage); the access token is renewed
// silently with the refresh token (scope offline_access), for the admin API's resource.
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from "oidc-client-ts";

const origin = window.location.origin;
/** In development (Vite on :5173), the provider runs elsewhere: VITE_OIDC_AUTHORITY=http://localhost:3000. */
export const authority: string = (import.meta.env.VITE_OIDC_AUTHORITY as string | undefined) ?? origin;
export const apiResource = `${authority}/api/v1`;
export const basePath = import.meta.env.BASE_URL.replace(/\/$/, ""); // "/aia"

let manager: UserManager | null = null;

export function userManager(): UserManager {
  manager ??= new UserManager({
    authority,
    client_id: "aia-console",
    redirect_uri: `${origin}${basePath}/callback`,
    post_logout_redirect_uri: `${authority}/`,
    response_type: "code",
    scope: "openid profile email aia offline_access",
    resource: apiResource,
    // The refresh request must ask for the same resource, or the provider returns an opaque token.
    extraTokenParams: { resource: apiResource },
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // The PKCE verifier must survive the redirect to the provider: session storage, this tab only.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Renewal is driven by accessToken() below: oidc-client-ts's automatic renewal would refresh
    // without the resource parameter, and get a token that the API does not accept.
    automaticSilentRenew: false,
    loadUserInfo: false,
    monitorSession: false,
  });
  return manager;
}

let current: User | null = null;

export function setCurrentUser(user: User | null): void {
  current = user;
}

let renewing: Promise<User | null> | null = null;

/** Renews the tokens with the refresh token (one renewal at a time). */
export function renew(): Promise<User | null> {
  renewing ??= userManager()
    .signinSilent({ resource: apiResource })
    .then((user) => (current = user))
    .catch(() => null) // refused (account locked, session revoked): the API's 401 sends the person back to login
    .finally(() => (renewing = null));
  return renewing;
}

/** The access token for the API, renewed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (!current) return null;
  if (current.expires_in !== undefined && current.expires_in < 30 && current.refresh_token) await renew();
  return current?.access_token ?? null;
}

/** Goes through the provider's login (or its existing session) and comes back to `returnTo`. */
export function signIn(returnTo: string): Promise<void> {
  return userManager().signinRedirect({ url_state: returnTo });
}

/**
 * « Je me déconnecte de l'AIA » (guide, steps 3–4): one confirmation in the console, then back on the
 * portal of the applications the person may use. The console's tokens are revoked at the provider
 * (the refresh token ends the console's grant) and forgotten; the Convergences session itself stays
 * open for the portal, where « Se déconnecter » ends it for every application.
 */
export async function signOut(): Promise<void> {
  current = null;
  const manager = userManager();
  await manager.revokeTokens(["refresh_token", "access_token"]).catch(() => undefined); // never keeps the person in the console
  await manager.removeUser();
  window.location.assign(`${authority}/`);
}
