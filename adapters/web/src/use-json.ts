// One GET's answer as page state: undefined while loading, the value, or the ApiError to show.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, type Query } from './api.js';

export type Loading<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly value: T }
  | { readonly state: 'failed'; readonly error: ApiError };

export const useJson = <T>(path: string | undefined, query: Query = {}): Loading<T> => {
  const [result, setResult] = useState<Loading<T>>({ state: 'loading' });
  const key = `${path ?? ''}${JSON.stringify(query)}`;
  useEffect(() => {
    if (path === undefined) return;
    const abort = new AbortController();
    setResult({ state: 'loading' });
    getJson<T>(path, query, abort.signal)
      .then((value) => setResult({ state: 'loaded', value }))
      .catch((error: unknown) => {
        if (error instanceof ApiError) setResult({ state: 'failed', error });
        else if (!abort.signal.aborted) throw error;
      });
    return () => abort.abort();
  }, [key]);
  return result;
};
