import { useCallback, useEffect, useRef, useState } from "react";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replace the data locally (after a mutation that answered the new value). */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/** Loads `load()` whenever `key` changes; the last call wins, earlier answers are dropped. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });

  useEffect(() => {
    let live = true;
    const run = async () => {
      setState((s) => ({ ...s, loading: true, error: undefined }));
      try {
        const data = await loader.current();
        if (live) setState({ data, error: undefined, loading: false });
      } catch (error) {
        if (live) setState((s) => ({ data: s.data, error, loading: false }));
      }
    };
    void run();
    return () => {
      live = false;
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  return { ...state, reload, setData };
}
