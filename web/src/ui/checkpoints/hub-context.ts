import { createContext, useContext } from "react";
import type { HubStore } from "../../hub/hub-store.js";

/** The live HubStore for components deep in the timeline (turn actions) without threading props. */
export const HubContext = createContext<HubStore | null>(null);

/** The HubStore; throws outside a provider (a programming error). */
export function useHubStore(): HubStore {
  const store = useContext(HubContext);
  if (!store) throw new Error("useHubStore outside HubContext");
  return store;
}
