// A k-way merge: streams that are each in global-position order come out as one sequence in
// that order. A binary heap keeps the k heads; each source is read only as far as the output
// reaches, so taking one page reads about a page, however long the streams are.
import type { StoredEvent } from '../ports.js';

interface Head {
  readonly event: StoredEvent;
  readonly source: AsyncIterator<StoredEvent>;
}

const before = (a: Head, b: Head): boolean => a.event.globalPosition < b.event.globalPosition;

const swap = (heap: Head[], i: number, j: number): void => {
  const t = heap[i]!;
  heap[i] = heap[j]!;
  heap[j] = t;
};

const siftUp = (heap: Head[], start: number): void => {
  let i = start;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) return;
    swap(heap, i, parent);
    i = parent;
  }
};

const siftDown = (heap: Head[], start: number): void => {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let least = i;
    if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
    if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
    if (least === i) return;
    swap(heap, i, least);
    i = least;
  }
};

const push = (heap: Head[], head: Head): void => {
  heap.push(head);
  siftUp(heap, heap.length - 1);
};

/** Removes and returns the head with the lowest position. */
const pop = (heap: Head[]): Head | undefined => {
  const top = heap[0];
  const last = heap.pop();
  if (top !== undefined && last !== undefined && heap.length > 0) {
    heap[0] = last;
    siftDown(heap, 0);
  }
  return top;
};

const headOf = async (source: AsyncIterator<StoredEvent>): Promise<Head | undefined> => {
  const next = await source.next();
  return next.done === true ? undefined : { event: next.value, source };
};

export async function* mergeByPosition(
  sources: readonly AsyncIterable<StoredEvent>[],
): AsyncGenerator<StoredEvent, void, undefined> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  try {
    const heap: Head[] = [];
    // The first reads go out together: with a remote store they cost one round trip, not k.
    for (const head of await Promise.all(iterators.map(headOf))) if (head !== undefined) push(heap, head);
    for (let head = pop(heap); head !== undefined; head = pop(heap)) {
      yield head.event;
      const next = await headOf(head.source);
      if (next !== undefined) push(heap, next);
    }
  } finally {
    // A consumer that stops after a page ends the reads still open (a gRPC stream, say).
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
  }
}
