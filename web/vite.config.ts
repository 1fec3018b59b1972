import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const hub = process.env.AIFLARE_HUB_URL ?? "http://127.0.0.1:4123";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  // `npm run dev -w @aiflare/web`: the UI with hot reload, talking to a running hub.
  server: { proxy: { "/api": hub, "/socket.io": { target: hub, ws: true } } },
});
