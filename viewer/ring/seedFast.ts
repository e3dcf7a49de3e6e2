/**
 * The seed's ConsistentHash (impl/ring/seed/consistentHash.ts), simulated with its circle kept
 * run-length encoded so that 100,000 `add_data` calls stay fast. The port sorts the whole circle
 * and appends `virtual_circle[0]` on every call, so after k calls it holds k+1 copies of the
 * smallest digest; here those copies are one run. The same bisect_left runs over the same
 * (virtual) list, so owners are identical; properties/ring/seedFast.test.ts checks that against
 * the port on random inputs. For reports only.
 */
import { md5Hex } from '../../impl/ring/hash.js';

interface Run {
  value: string;
  count: number;
}

export class SeedConsistentHashFast {
  private nodes: string[] = [];
  private runs: Run[] = [];
  private length = 0;
  /** prefix[i]: elements before run i; rebuilt lazily after a change. */
  private prefix: number[] | null = null;
  readonly stored = new Map<string, number>();

  join(node: string): void {
    this.nodes.push(node);
    this.push(md5Hex(node));
  }

  /** As the port's leave (not in the seed): drop the node and one copy of its digest. */
  leave(node: string): void {
    this.nodes.splice(this.nodes.indexOf(node), 1);
    const digest = md5Hex(node);
    const i = this.runs.findIndex((r) => r.value === digest);
    if (--this.runs[i].count === 0) this.runs.splice(i, 1);
    this.length--;
    this.prefix = null;
  }

  /** add_data: sort, append circle[0], bisect, store. */
  place(data: string, digest = md5Hex(data)): string {
    this.sort();
    this.push(this.runs[0].value);
    const node = this.nodes[this.bisectLeft(digest) % this.nodes.length];
    this.stored.set(node, (this.stored.get(node) ?? 0) + 1);
    return node;
  }

  /** get_node */
  lookup(data: string, digest = md5Hex(data)): string {
    return this.nodes[this.bisectLeft(digest) % this.nodes.length];
  }

  private push(value: string): void {
    const last = this.runs[this.runs.length - 1];
    if (last && last.value === value) last.count++;
    else this.runs.push({ value, count: 1 });
    this.length++;
    this.prefix = null;
  }

  /** list.sort() on the virtual list: merge equal runs, order by value. */
  private sort(): void {
    const runs = this.runs;
    const n = runs.length;
    // The common case: a sorted list plus the copy of its first element appended by add_data.
    if (n > 1 && runs[n - 1].value === runs[0].value && this.sortedUpTo(n - 1)) {
      runs[0].count += runs.pop()!.count;
      this.prefix = null;
      return;
    }
    if (this.sortedUpTo(n)) return;
    const merged = new Map<string, number>();
    for (const r of runs) merged.set(r.value, (merged.get(r.value) ?? 0) + r.count);
    this.runs = [...merged].sort(([a], [b]) => (a < b ? -1 : 1)).map(([value, count]) => ({ value, count }));
    this.prefix = null;
  }

  private sortedUpTo(end: number): boolean {
    for (let i = 1; i < end; i++) if (this.runs[i - 1].value >= this.runs[i].value) return false;
    return true;
  }

  /** The element at index i of the virtual list. */
  private at(i: number): string {
    if (!this.prefix) {
      this.prefix = [];
      let sum = 0;
      for (const r of this.runs) {
        this.prefix.push(sum);
        sum += r.count;
      }
    }
    const p = this.prefix;
    let lo = 0;
    let hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.runs[lo].value;
  }

  /** Python's bisect_left over the virtual list, probe for probe. */
  private bisectLeft(x: string): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
