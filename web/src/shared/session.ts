// The signed-in person of a page, kept in sessionStorage so a reload stays signed in and a closed tab does not.

export interface Session {
  accessToken: string;
  expiresAt: string;
  tenant: string;
  userId: string;
  displayName: string | null;
  roles: string[];
}

const key = "engine.session";

export function loadSession(): Session | null {
  const text = sessionStorage.getItem(key);
  if (!text) return null;
  const session = JSON.parse(text) as Session;
  return Date.parse(session.expiresAt) > Date.now() ? session : null;
}

export function saveSession(session: Session | null) {
  if (session) sessionStorage.setItem(key, JSON.stringify(session));
  else sessionStorage.removeItem(key);
}

export async function signIn(tenant: string, userId: string, password: string): Promise<Session> {
  const response = await fetch("/api/v1/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ tenant, userId, password }),
  });
  if (!response.ok) throw new Error(response.status === 401 ? "Wrong tenant, user or password." : `Sign-in failed (${response.status}).`);
  const session = (await response.json()) as Session;
  saveSession(session);
  return session;
}

export const hasRole = (session: Session, ...roles: string[]) => roles.some(r => session.roles.includes(r));
