// An indexed binary min-heap of deadlines: each item remembers its position, so moving a deadline
// earlier or removing an item is O(log n). Ties break by insertion order (older first), which
// keeps timer order deterministic on a fake clock.

export interface HeapItem {
  /** Epoch ms at which the item is due. */
  deadline: number;
  /** Tie breaker, assigned by the heap. */
  seq: number;
  /** Position in the heap, -1 when not in it. Owned by the heap. */
  heapIndex: number;
}

export class DeadlineHeap<T extends HeapItem> {
  #items: T[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  /** Inserts `item` at `deadline`, or moves it there if it is already in the heap. */
  set(item: T, deadline: number): void {
    item.deadline = deadline;
    item.seq = ++this.#seq;
    if (item.heapIndex < 0) {
      item.heapIndex = this.#items.length;
      this.#items.push(item);
    }
    this.#up(item.heapIndex);
    this.#down(item.heapIndex);
  }

  remove(item: T): void {
    const i = item.heapIndex;
    if (i < 0) return;
    const last = this.#items.pop()!;
    item.heapIndex = -1;
    if (last !== item) {
      this.#items[i] = last;
      last.heapIndex = i;
      this.#up(i);
      this.#down(last.heapIndex);
    }
  }

  /** Removes and returns the earliest item if it is due at `now`. */
  popDue(now: number): T | undefined {
    const top = this.#items[0];
    if (top === undefined || top.deadline > now) return undefined;
    this.remove(top);
    return top;
  }

  clear(): void {
    for (const item of this.#items) item.heapIndex = -1;
    this.#items = [];
  }

  #less(a: T, b: T): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const a = items[i]!;
    const b = items[j]!;
    items[i] = b;
    items[j] = a;
    b.heapIndex = i;
    a.heapIndex = j;
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(this.#items[i]!, this.#items[parent]!)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < n && this.#less(this.#items[l]!, this.#items[min]!)) min = l;
      if (r < n && this.#less(this.#items[r]!, this.#items[min]!)) min = r;
      if (min === i) return;
      this.#swap(i, min);
      i = min;
    }
  }
}
