import { useEffect, useState } from "react";

/**
 * A chunk loaded on demand, once: `load()` starts it (later calls share the load), `current()`
 * is its value once there, and `useLoaded(wanted)` re-renders a component when it arrives
 * (starting the load when `wanted`).
 */
export function lazyModule<T>(loader: () => Promise<T>) {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  const listeners = new Set<() => void>();
  const load = (): Promise<T> => {
    loading ??= loader().then((loaded) => {
      value = loaded;
      for (const listener of listeners) listener();
      return loaded;
    });
    return loading;
  };
  const useLoaded = (wanted: boolean): T | undefined => {
    const [seen, setSeen] = useState<{ value: T | undefined }>(() => ({ value }));
    useEffect(() => {
      if (seen.value !== undefined) return;
      const listener = () => setSeen({ value });
      listeners.add(listener);
      if (value !== undefined) listener();
      else if (wanted) void load();
      return () => void listeners.delete(listener);
    }, [wanted, seen]);
    return seen.value;
  };
  return { load, current: (): T | undefined => value, useLoaded };
}
