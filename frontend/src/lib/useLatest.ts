import { useLayoutEffect, useRef, type RefObject } from "react";

/**
 * The latest `value`, for event handlers inside memoised table columns: a column that
 * called a parent's callback directly would change with it on every render, and a changed
 * column remounts its cells (TanStack Table renders a cell function as a component).
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
