/**
 * Faithful port of the seed's `ConsistentHash` (seeds/001, "4.5一致性哈希实现"):
 *
 *   class ConsistentHash:
 *       def __init__(self):
 *           self.nodes = []
 *           self.virtual_circle = []
 *
 *       def add_node(self, node):
 *           self.nodes.append(node)
 *           self.virtual_circle.append(hashlib.md5(node.encode('utf-8')).hexdigest())
 *
 *       def add_data(self, data):
 *           self.virtual_circle.sort()
 *           self.virtual_circle.append(self.virtual_circle[0])
 *           index = bisect.bisect_left(self.virtual_circle, hashlib.md5(data.encode('utf-8')).hexdigest())
 *           node = self.nodes[index % len(self.nodes)]
 *           node.add_data(data)
 *
 *       def get_node(self, data):
 *           index = bisect.bisect_left(self.virtual_circle, hashlib.md5(data.encode('utf-8')).hexdigest())
 *           node = self.nodes[index % len(self.nodes)]
 *           return node
 *
 * Kept as written: md5 hex digests compared as strings; `nodes` in insertion order while
 * `virtual_circle` is sorted (by add_data only), so a position on the sorted circle indexes the
 * wrong list; add_data appends `virtual_circle[0]` on every call, so the circle grows by one entry
 * per key and every later index is shifted; get_node searches whatever order the circle is in
 * (unsorted until the first add_data); wraparound is `index % len(self.nodes)`, not modulo the
 * circle's length.
 *
 * Made runnable, behaviour unchanged: the seed never imports `bisect` (a NameError) and calls
 * `node.encode` and `node.add_data` on the same object (a str has no add_data); nodes are names
 * here and a node's data is kept in `stored`. Not in the seed: `leave` removes the node and one
 * copy of its digest (`list.remove`), and preferenceList takes the next entries of `nodes`.
 */
import { md5Hex } from '../hash.js';
import { assertMember, assertNonEmpty, assertNotMember, type Placement, type RingPoint } from '../placement.js';

/** Python's bisect.bisect_left, exactly (it assumes, but does not check, a sorted list). */
export function bisectLeft(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SeedConsistentHash implements Placement {
  private nodes: string[] = [];
  virtualCircle: string[] = [];
  /** node.add_data(data): what each node was given. */
  readonly stored = new Map<string, string[]>();
  private readonly placed: string[] = [];

  members(): readonly string[] {
    return this.nodes;
  }

  /** add_node */
  join(node: string): void {
    assertNotMember(this.nodes, node);
    this.nodes.push(node);
    this.virtualCircle.push(md5Hex(node));
  }

  /** Not in the seed. */
  leave(node: string): void {
    assertMember(this.nodes, node, 'leave');
    this.nodes.splice(this.nodes.indexOf(node), 1);
    this.virtualCircle.splice(this.virtualCircle.indexOf(md5Hex(node)), 1);
  }

  /** add_data */
  place(data: string): string {
    assertNonEmpty(this.nodes, 'add_data');
    this.virtualCircle.sort();
    this.virtualCircle.push(this.virtualCircle[0]);
    const index = bisectLeft(this.virtualCircle, md5Hex(data));
    const node = this.nodes[index % this.nodes.length];
    if (!this.stored.has(node)) this.stored.set(node, []);
    this.stored.get(node)!.push(data);
    this.placed.push(data);
    return node;
  }

  /** get_node */
  lookup(data: string): string {
    assertNonEmpty(this.nodes, 'get_node');
    const index = bisectLeft(this.virtualCircle, md5Hex(data));
    return this.nodes[index % this.nodes.length];
  }

  /** Not in the seed. */
  preferenceList(data: string, r: number): string[] {
    const index = bisectLeft(this.virtualCircle, md5Hex(data));
    return Array.from({ length: Math.min(r, this.nodes.length) }, (_, j) => this.nodes[(index + j) % this.nodes.length]);
  }

  /** The circle the seed means to build: one point per node, at md5(node). */
  ringPoints(): RingPoint[] {
    return this.nodes.map((node) => ({ pos: md5Hex(node), node }));
  }

  keyPosition(data: string): string {
    return md5Hex(data);
  }

  placedKeys(): readonly string[] {
    return this.placed;
  }
}
