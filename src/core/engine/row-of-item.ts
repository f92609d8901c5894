/**
 * The row whose id is `itemId` among `count` ascending ids, each read by `idAt`: a binary search,
 * or -1 when no row has it.
 */
export function searchAscendingIds(count: number, idAt: (row: number) => number, itemId: number): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = idAt(middle);
    if (value === itemId) return middle;
    if (value < itemId) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * The row of `itemId` in a matrix whose item ids ascend (every loader's and build's row order):
 * a binary search, or -1 when the item has no row.
 */
export function rowOfItem(itemIds: Int32Array, itemId: number, count = itemIds.length): number {
  return searchAscendingIds(count, (row) => itemIds[row]!, itemId);
}
