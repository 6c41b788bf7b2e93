// Rows grouped by a key, each group in the rows' order: read models load related rows with one
// query each and join them in memory.
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]>;
export function groupBy<T, K, V>(
  items: readonly T[],
  key: (item: T) => K,
  value: (item: T) => V,
): Map<K, V[]>;
export function groupBy<T, K, V>(
  items: readonly T[],
  key: (item: T) => K,
  value?: (item: T) => V,
): Map<K, (T | V)[]> {
  const map = new Map<K, (T | V)[]>();
  for (const item of items) {
    const v = value ? value(item) : item;
    const list = map.get(key(item));
    if (list) list.push(v);
    else map.set(key(item), [v]);
  }
  return map;
}
