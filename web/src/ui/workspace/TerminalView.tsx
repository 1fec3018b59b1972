import "@xterm/xterm/css/xterm.css";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef } from "react";
import type { TerminalClient } from "../../hub/terminal-client.js";

/** One xterm.js terminal bound to a hub terminal: keystrokes up, output down, fitted to its box (resizes follow). */
export function TerminalView({ client, terminalId, visible }: { client: TerminalClient; terminalId: string; visible: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const fitRef = useRef<(() => void) | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const term = new Terminal({ fontSize: 13, fontFamily: "ui-monospace, Menlo, Consolas, monospace", cursorBlink: true, convertEol: false, theme: { background: "#0f1217" } });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(element);
    let last = "";
    const refit = () => {
      if (!element.offsetParent) return; // hidden: keep the size it had
      fit.fit();
      const size = `${term.cols}x${term.rows}`;
      if (size !== last) {
        last = size;
        client.resize(terminalId, term.cols, term.rows);
      }
    };
    fitRef.current = refit;
    refit();
    const stopListening = client.listen(terminalId, {
      onData: (data) => term.write(data),
      onExit: (exit) => term.write(`\r\n\x1b[2m[terminal ended${exit.reason ? `: ${exit.reason}` : exit.exitCode !== undefined ? ` with exit code ${exit.exitCode}` : ""}]\x1b[0m\r\n`),
    });
    const typing = term.onData((data) => client.input(terminalId, data));
    const observer = new ResizeObserver(() => refit());
    observer.observe(element);
    term.focus();
    return () => {
      observer.disconnect();
      typing.dispose();
      stopListening();
      term.dispose();
    };
  }, [client, terminalId]);
  useEffect(() => {
    if (visible) fitRef.current?.();
  }, [visible]);
  return <div className="ws-terminal" data-testid="terminal" data-terminal-id={terminalId} ref={box} style={{ display: visible ? "block" : "none" }} />;
}

export default TerminalView;
