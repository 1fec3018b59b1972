/** The Socket.IO room of a session's browsers. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}
