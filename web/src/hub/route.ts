/** The session a path names (`/sessions/:id`, the deep link notifications open), or null. */
export function sessionIdFromPath(pathname: string): string | null {
  const match = /^\/sessions\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** The address of a session (or of the list, for null). */
export function pathForSession(sessionId: string | null): string {
  return sessionId ? `/sessions/${encodeURIComponent(sessionId)}` : "/";
}
