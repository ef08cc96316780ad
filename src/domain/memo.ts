/**
 * A pure function's results by key, for hot repeated lookups: at most `limit` are kept (all are
 * dropped when it is reached, so memory stays bounded). `compute` must never return undefined.
 */
export function boundedMemo<K, V>(limit: number, compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
