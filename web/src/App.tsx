import { PROTOCOL_VERSION } from "@aiflare/protocol";

/** Placeholder shell until the full UI lands (issue 5): shows that the hub serves the app. */
export function App() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
      <h1>aiflare hub</h1>
      <p data-testid="hub-ready">The hub is running (protocol v{PROTOCOL_VERSION}). The session UI is on its way.</p>
    </main>
  );
}
