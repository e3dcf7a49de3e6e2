/**
 * Cluster models: a Model built from role logic (XState machines or implementations), a
 * network with the chosen semantics, and a bounded fault configuration.
 *
 * A world is an Int32Array:
 *
 *   [ local state id of node 0 .. n-1 | crashed mask | partition mask | drops | duplicates |
 *     crashes | partitions | ghost id | message ids in flight ... ]
 *
 * Local states, events, messages and ghost values are interned (engine/intern.ts). Each node
 * step is computed once per distinct (node, local state, event) and memoized, so XState's
 * `transition` runs once per distinct local step however many worlds contain it.
 *
 * Messages in flight are kept sorted by content hash (set and multiset semantics) or grouped by
 * link in send order (fifo), so equal worlds have equal arrays and the enabled actions come out
 * in an order that depends only on content.
 */
import { canonical, type Json } from './canonical.js';
import { hashString, mixHi, mixLo } from './hash.js';
import { abstractJson, renameJson } from './rename.js';
import { Canonicalizer } from './symmetry.js';
import { InternTable } from './intern.js';
import { ImplementationError, type Model, type ModelInfo, type SentMessage, type StateSnapshot } from './model.js';
import type { FaultConfig } from './faults.js';
import type { PackedBlock } from './stateQueue.js';
import { IntVec } from './fpset.js';
import { GhostMemo } from './ghostMemo.js';
import type { Property } from './properties.js';
import type { NodeContext, NodeEvent, Outgoing, RoleLogic } from './role.js';

export interface NodeView<V = any> {
  id: string;
  index: number;
  role: string;
  crashed: boolean;
  view: V;
}

/** What a cluster model's properties read. */
export interface ClusterView<V = any, G = any> {
  nodes: NodeView<V>[];
  node(id: string): NodeView<V>;
  /** The nodes of a role, in node order (shared: do not mutate). */
  ofRole(role: string): readonly NodeView<V>[];
  ghost: G;
  params: Record<string, number>;
  /** Messages in flight (set semantics: every message ever sent). Built on demand. */
  messages(): SentMessage[];
}

/** Ghost state: history that properties need but no node holds, updated after every step. */
export interface GhostSpec<G> {
  init(world: ClusterView<any, any>): G;
  update(prev: G, world: ClusterView<any, G>): G;
  /**
   * The update reads only node views (and params), never messages(): the engine then memoizes
   * it on (previous ghost, local states, crashed nodes). Reading messages() then throws.
   */
  nodesOnly?: boolean;
}

export interface ClusterSpec<G = any> {
  protocol: string;
  impl: string;
  params: Record<string, number>;
  nodes: { id: string; role: string }[];
  roles: Record<string, RoleLogic<any>>;
  faults: FaultConfig;
  properties: readonly Property<ClusterView<any, G>>[];
  ghost?: GhostSpec<G>;
  /**
   * Groups of interchangeable node ids (same role, and the protocol and its properties treat
   * them alike): `explore --symmetry` then keeps one canonical state per orbit.
   */
  symmetry?: string[][];
}

/**
 * How much of this model's interned content has been published to the other threads (ids and
 * steps below these counts), so each publication carries only what is new (wireContent).
 */
export interface WireSent {
  locals: number;
  msgs: number;
  events: number;
  ghosts: number;
  /** Steps of the step log (ClusterModel.stepLog). */
  steps: number;
}

export function wireSent(): WireSent {
  return { locals: 0, msgs: 0, events: 0, ghosts: 0, steps: 0 };
}
/** A peer's ids mapped to this model's. */
export interface WireMap {
  locals: IdMap;
  msgs: IdMap;
  events: IdMap;
  ghosts: IdMap;
}
export function wireMap(): WireMap {
  return { locals: new IdMap(), msgs: new IdMap(), events: new IdMap(), ghosts: new IdMap() };
}
/**
 * The content of the ids a thread interned since it last published (wireContent), by which
 * another thread reads worlds in the publisher's ids (wireDecode): worlds travel as they are,
 * and fingerprints depend on content only.
 */
export interface WireContent {
  locals: [number, number, string][];
  msgs: [number, number, number, string][];
  events: [number, string][];
  ghosts: [number, string][];
  /**
   * The publisher's memoized steps computed since it last published, so the receiver need not
   * compute them again through the role logic: each as local, event, next local, number of
   * messages sent, then those messages (steps that threw are left out).
   */
  steps: Int32Array;
}

export enum Act {
  Deliver,
  Env,
  Timeout,
  Drop,
  Duplicate,
  Crash,
  Restart,
  Partition,
  Heal,
}

/**
 * A cluster action packed into one number, so listing actions allocates nothing but the array:
 * kind (4 bits) + 16 · operand a (message id, node index or partition mask, < 2^28) + 2^32 ·
 * operand b (event id, < 2^21). Exact in a double.
 */
export type ClusterAction = number;

const A_SCALE = 16;
const B_SCALE = 2 ** 32;
const A_LIMIT = 2 ** 28;

export function packAction(k: Act, a: number, b: number): ClusterAction {
  return k + A_SCALE * a + B_SCALE * b;
}
export const actKind = (act: ClusterAction): Act => act % A_SCALE;
export const actA = (act: ClusterAction): number => Math.floor(act / A_SCALE) % A_LIMIT;
export const actB = (act: ClusterAction): number => Math.floor(act / B_SCALE);

/** One memoized local step; `error` is the message when the step threw (then next is -1). One shape, so lookups stay monomorphic. */
interface StepEntry {
  next: number;
  sends: Int32Array;
  noop: boolean;
  error: string | null;
}

const EMPTY = new Int32Array(0);
/** The value of a local state interned by key only, not built yet (ClusterModel.localValue). */
const NOT_BUILT = Symbol('not built');
/** id → id, -1 when absent: a growable Int32Array (ids are dense; JS arrays filled sparsely fall into dictionary mode). */
export class IdMap {
  /** The map itself, for loops that look up many ids (replaced when it grows). */
  data = new Int32Array(64).fill(-1);
  get(id: number): number {
    return id < this.data.length ? this.data[id] : -1;
  }
  set(id: number, value: number): void {
    if (id >= this.data.length) {
      let cap = this.data.length * 2;
      while (cap <= id) cap *= 2;
      const grown = new Int32Array(cap).fill(-1);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[id] = value;
  }
}

/**
 * Maps a block's ids through a peer's map in place: `n` local states, the ghost slot (-1: none),
 * messages from slot `net` on. False when one has no mapping (its content never came: it maps
 * to -1, or reads past the map as undefined).
 */
function mapIds(block: PackedBlock, map: WireMap, n: number, ghost: number, net: number): boolean {
  const { words, lens } = block;
  const L = map.locals.data;
  const M = map.msgs.data;
  const Gh = map.ghosts.data;
  let bad = 0;
  for (let s = 0, o = 0; s < lens.length; o += lens[s++]) {
    for (let i = o; i < o + n; i++) bad |= words[i] = L[words[i]] ?? -1;
    if (ghost >= 0) bad |= words[o + ghost] = Gh[words[o + ghost]] ?? -1;
    for (let j = o + net; j < o + lens[s]; j++) bad |= words[j] = M[words[j]] ?? -1;
  }
  return bad >= 0;
}

interface RenameMemo {
  locals: IdMap;
  msgs: IdMap;
  ghosts: IdMap;
  names: Map<string, string> | null;
}
/** obsoleteCode's answers: the receiver declares the message obsolete, or not, or declares it so wrongly (handling it changes the node). */
const OBSOLETE = 1;
const NOT_OBSOLETE = 2;
const BROKEN_CLAIM = 3;

/** Memoized ghost updates kept at most (then the memo starts over). */
const GHOST_MEMO_LIMIT = 1 << 20;

/** A node bitmask with bit i moved to bit perm[i]. */
function permuteMask(mask: number, perm: Int32Array, n: number): number {
  let out = 0;
  for (let i = 0; i < n; i++) if (mask & (1 << i)) out |= 1 << perm[i];
  return out;
}

function headerHi(slot: number, v: number): number {
  return v === 0 ? 0 : mixHi(slot + 64, v, ~v);
}
function headerLo(slot: number, v: number): number {
  return v === 0 ? 0 : mixLo(slot + 64, v, ~v);
}

const ACTION_WEIGHT: Record<Act, number> = {
  [Act.Deliver]: 10, [Act.Env]: 4, [Act.Timeout]: 3, [Act.Drop]: 2, [Act.Duplicate]: 2,
  [Act.Crash]: 1, [Act.Restart]: 3, [Act.Partition]: 1, [Act.Heal]: 2,
};

export class ClusterModel<G = any> implements Model<Int32Array, ClusterAction, ClusterView<any, G>> {
  readonly info: ModelInfo;
  readonly packed = true;
  readonly properties: readonly Property<ClusterView<any, G>>[];
  readonly n: number;
  private readonly ctx: NodeContext[];
  private readonly logic: RoleLogic<any>[];
  private readonly indexOf = new Map<string, number>();
  private readonly crashable: boolean[];
  // Header slots.
  private readonly CRASHED: number;
  private readonly PART: number;
  private readonly DROPS: number;
  private readonly DUPS: number;
  private readonly CRASHES: number;
  private readonly PARTS: number;
  private readonly GHOST: number;
  readonly NET: number;

  /** Local states; a value is NOT_BUILT until needed when it came from a peer (read it with localValue). */
  readonly locals = new InternTable<unknown>();
  private readonly localNode: number[] = [];
  /** Fingerprint contribution of each local state at its node's position (two lanes). */
  private readonly localMixHi: number[] = [];
  private readonly localMixLo: number[] = [];
  /** Fingerprint contribution of one copy of each message in flight (set, multiset). */
  private readonly msgMixHi: number[] = [];
  private readonly msgMixLo: number[] = [];
  /** Memoized local steps: steps[local][event]. */
  private readonly steps: StepEntry[][] = [];
  /** (local, event) of each step computed here, in order: what wireEncode shares with peers (two ints a step). */
  private readonly stepLog = new IntVec(1 << 10);
  private readonly restartOf: number[] = [];
  private readonly views: unknown[] = [];
  private readonly liveViews: (NodeView | undefined)[] = [];
  private readonly crashedViews: (NodeView | undefined)[] = [];
  readonly events = new InternTable<NodeEvent>();
  readonly msgs = new InternTable<SentMessage>();
  private readonly msgTo: number[] = [];
  private readonly msgFrom: number[] = [];
  private readonly msgEvent: number[] = [];
  private readonly ghosts = new InternTable<G>();
  private readonly envEventIds: number[][];
  private readonly timerEventIds: number[][];
  private readonly partitionMasks: number[];
  /** Whether some role declares obsolete messages (RoleLogic.obsolete). */
  private readonly pruning: boolean;
  /** Per local state, per message: 0 not asked yet, else OBSOLETE, NOT_OBSOLETE or BROKEN_CLAIM (see isObsolete). */
  private readonly obsoleteMemo: Uint8Array[] = [];

  constructor(readonly spec: ClusterSpec<G>) {
    const { nodes, faults } = spec;
    this.n = nodes.length;
    if (this.n < 1 || this.n > 28) throw new Error(`a cluster needs 1 to 28 nodes, got ${this.n}`);
    this.allNodes = (1 << this.n) - 1;
    this.info = { protocol: spec.protocol, impl: spec.impl, params: spec.params, faults: faults as unknown as Record<string, Json>, nodes };
    this.properties = spec.properties;
    nodes.forEach((node, i) => {
      if (this.indexOf.has(node.id)) throw new Error(`duplicate node id '${node.id}'`);
      this.indexOf.set(node.id, i);
    });
    this.ctx = nodes.map((node, index) => ({
      id: node.id, index, role: node.role, nodes, params: spec.params,
      peers: nodes.filter((p) => p.id !== node.id).map((p) => p.id),
    }));
    this.logic = nodes.map((node) => {
      const l = spec.roles[node.role];
      if (!l) throw new Error(`no logic for role '${node.role}' (roles: ${Object.keys(spec.roles).join(', ')})`);
      return l;
    });
    this.crashable = nodes.map((node) => !faults.crashableRoles || faults.crashableRoles.includes(node.role));
    const N = this.n;
    [this.CRASHED, this.PART, this.DROPS, this.DUPS, this.CRASHES, this.PARTS, this.GHOST, this.NET] =
      [N, N + 1, N + 2, N + 3, N + 4, N + 5, N + 6, N + 7];
    this.envEventIds = this.ctx.map((c, i) => this.logic[i].envEvents(c).map((e) => this.internEvent(e as NodeEvent)));
    this.timerEventIds = this.ctx.map((c, i) =>
      this.logic[i].timers(c).map((timer) => this.internEvent({ type: 'timeout', timer })));
    // Two-sided partitions, node 0 always on side 0: each cut listed once.
    this.partitionMasks = [];
    for (let m = 2; m < 1 << N; m += 2) this.partitionMasks.push(m);
    this.pruning = this.logic.some((l) => l.obsolete !== undefined);
    this.ghostMemo = spec.ghost?.nodesOnly ? new GhostMemo(this.n, GHOST_MEMO_LIMIT) : null;
    this.ghostKey = new Int32Array(this.n);
    this.transientWorld = new World<G>(this, new Array(this.n));
  }

  // ---------------------------------------------------------------- interning

  private internLocal(node: number, state: unknown): number {
    return this.internLocalKey(node, this.logic[node].key(state), state);
  }

  /**
   * Interns the local state with this key; `state` may be NOT_BUILT (a peer's, wireDecode): it
   * is then built from its key only when its value is needed (localValue), as most are not.
   */
  private internLocalKey(node: number, key: string, state: unknown): number {
    const id = this.locals.intern(node + '|' + key, state, this.logic[node].name + '|' + key);
    if (id === this.steps.length) {
      this.steps.push([]);
      this.localNode.push(node);
      this.localMixHi.push(mixHi(node, this.locals.hashHi[id], this.locals.hashLo[id]));
      this.localMixLo.push(mixLo(node, this.locals.hashHi[id], this.locals.hashLo[id]));
      this.restartOf.push(-1);
      // Every per-local array gets its entry now, filled in later: ids are first listed out of
      // order once this thread reads another's (wireImport), and a store past an array's end
      // makes it holey, another map, which threw away the optimized list() at the handoff.
      this.views.push(undefined);
      this.activeEvents.push(undefined);
      this.liveViews.push(undefined);
      this.crashedViews.push(undefined);
    }
    return id;
  }

  private internEvent(event: NodeEvent): number {
    const key = canonical(event);
    return this.events.intern(key, JSON.parse(key) as NodeEvent);
  }

  private internMsg(from: number, out: Outgoing): number {
    const to = this.indexOf.get(out.to);
    if (to === undefined) {
      throw new Error(`${this.ctx[from].id} sent ${canonical(out.msg)} to unknown node '${out.to}'`);
    }
    if (!out.msg || typeof out.msg.type !== 'string') {
      throw new Error(`${this.ctx[from].id} sent a message without a string 'type': ${canonical(out.msg)}`);
    }
    const body = canonical(out.msg);
    const key = from + '>' + to + '|' + body;
    const id = this.msgs.intern(key, { from: this.ctx[from].id, to: out.to, msg: JSON.parse(body) as Json }, key);
    if (id === this.msgTo.length) {
      this.msgMixHi.push(mixHi(1024, this.msgs.hashHi[id], this.msgs.hashLo[id]));
      this.msgMixLo.push(mixLo(1024, this.msgs.hashHi[id], this.msgs.hashLo[id]));
      this.msgTo.push(to);
      this.msgFrom.push(from);
      this.msgEvent.push(this.internEvent({ ...(JSON.parse(body) as object), type: out.msg.type, from: this.ctx[from].id }));
    }
    return id;
  }

  private internGhost(g: G): number {
    return this.ghosts.intern(canonical(g), g);
  }

  /** The value of a local state (built from its key if it came from a peer). */
  private localValue(local: number): unknown {
    const v = this.locals.values[local];
    return v !== NOT_BUILT ? v : this.buildLocal(local);
  }

  private buildLocal(local: number): unknown {
    const node = this.localNode[local];
    const v = this.logic[node].fromKey(this.roleKey(local), this.ctx[node]);
    this.locals.values[local] = v;
    return v;
  }

  /** The role's key of a local state (its interning key without the node index before it). */
  private roleKey(local: number): string {
    const key = this.locals.keys[local];
    return key.slice(key.indexOf('|') + 1);
  }

  /**
   * The memoized local step of `node` in local state `local` on `event`. The lookup holds no
   * closure: V8 would allocate a context for one on every call, hit or miss.
   */
  private step(local: number, event: number): StepEntry {
    const entry = this.steps[local][event];
    return entry !== undefined ? entry : this.computeStep(local, event);
  }

  private computeStep(local: number, event: number): StepEntry {
    const memo = this.steps[local];
    let entry: StepEntry;
    const node = this.localNode[local];
    const out = this.logic[node].step(this.localValue(local), this.events.values[event], this.ctx[node]);
    if ('error' in out) {
      entry = { next: -1, sends: EMPTY, noop: false, error: out.error };
    } else {
      try {
        const next = this.internLocal(node, out.state);
        const sends = Int32Array.from(out.sends.map((s) => this.internMsg(node, s)));
        entry = { next, sends, noop: next === local && sends.length === 0, error: null };
      } catch (e) {
        entry = { next: -1, sends: EMPTY, noop: false, error: e instanceof Error ? e.message : String(e) };
      }
    }
    memo[event] = entry;
    this.stepLog.push(local);
    this.stepLog.push(event);
    return entry;
  }

  private restartState(local: number): number {
    let id = this.restartOf[local];
    if (id < 0) {
      const node = this.localNode[local];
      id = this.internLocal(node, this.logic[node].restart(this.localValue(local), this.ctx[node]));
      this.restartOf[local] = id;
    }
    return id;
  }

  localView(local: number): Json {
    let v = this.views[local] as Json | undefined;
    if (v === undefined) {
      const node = this.localNode[local];
      v = this.logic[node].view(this.localValue(local)) as Json;
      this.views[local] = v;
    }
    return v;
  }

  // ---------------------------------------------------------------- renaming (symmetry)

  private canonicalizer: Canonicalizer | undefined;

  /** Canonical representative of w's orbit under the declared symmetry (w itself if none). */
  canonicalize(w: Int32Array): Int32Array {
    if (!this.canonicalizer) this.canonicalizer = new Canonicalizer(this);
    return this.canonicalizer.active ? this.canonicalizer.canonical(w) : w;
  }

  /** Whether the protocol declares interchangeable nodes. */
  get hasSymmetry(): boolean {
    return (this.spec.symmetry ?? []).some((g) => g.length > 1);
  }

  /** Per permutation: renamed ids of locals, messages and ghosts. */
  private readonly renameMemo = new Map<number | string, RenameMemo>();
  /** abstractTable per (kind, marked node + 1): lanes of id at 2·id, 2·id + 1 (abstractKnown says which are set). */
  private readonly abstractMemo: Uint32Array[] = [];
  private symIds: Set<string> | undefined;

  /** Ids of all nodes in symmetry groups. */
  symmetricIds(): ReadonlySet<string> {
    if (!this.symIds) this.symIds = new Set((this.spec.symmetry ?? []).flat());
    return this.symIds;
  }

  /**
   * The world with nodes permuted: node i's state moves to slot perm[i], renamed; messages,
   * masks and ghost renamed to match. Memoized per (component, permutation).
   */
  renameWorld(w: Int32Array, perm: Int32Array): Int32Array {
    // The permutation's digits in base n: exact in a double up to 13 nodes, else a string.
    let code: number | string = 0;
    if (this.n <= 13) for (let i = this.n - 1; i >= 0; i--) code = code * this.n + perm[i];
    else code = perm.join(',');
    let memo = this.renameMemo.get(code);
    if (!memo) this.renameMemo.set(code, (memo = { locals: new IdMap(), msgs: new IdMap(), ghosts: new IdMap(), names: null }));
    const out = new Int32Array(w.length);
    for (let i = 0; i < this.n; i++) {
      const local = w[i];
      let r = memo.locals.get(local);
      if (r < 0) {
        const target = perm[i];
        r = this.internLocal(target, this.logic[target].rename(this.localValue(local), this.renameNames(memo, perm), this.ctx[target]));
        memo.locals.set(local, r);
      }
      out[perm[i]] = r;
    }
    for (let j = this.n; j < this.NET; j++) out[j] = w[j];
    out[this.CRASHED] = permuteMask(w[this.CRASHED], perm, this.n);
    let part = permuteMask(w[this.PART], perm, this.n);
    if (part & 1) part = ~part & ((1 << this.n) - 1); // node 0 stays on side 0
    out[this.PART] = part;
    if (this.spec.ghost) {
      const g = w[this.GHOST];
      let r = memo.ghosts.get(g);
      if (r < 0) {
        r = this.internGhost(renameJson(this.ghosts.values[g], this.renameNames(memo, perm)) as G);
        memo.ghosts.set(g, r);
      }
      out[this.GHOST] = r;
    }
    for (let j = this.NET; j < w.length; j++) {
      const m = w[j];
      let r = memo.msgs.get(m);
      if (r < 0) {
        const v = this.msgs.values[m];
        r = this.internMsg(perm[this.msgFrom[m]], { to: this.ctx[perm[this.msgTo[m]]].id, msg: renameJson(v.msg, this.renameNames(memo, perm)) as Outgoing['msg'] });
        memo.msgs.set(m, r);
      }
      out[j] = r;
    }
    if (this.spec.faults.network === 'fifo') {
      const net = Array.from(out.subarray(this.NET));
      const order = net.map((m, k) => [this.link(m), k, m]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      order.forEach(([, , m], k) => (out[this.NET + k] = m));
    } else {
      // Insertion sort: networks are short.
      const M = this.msgs;
      for (let j = this.NET + 1; j < out.length; j++) {
        const m = out[j];
        let k = j;
        while (k > this.NET && M.compare(out[k - 1], m) > 0) {
          out[k] = out[k - 1];
          k--;
        }
        out[k] = m;
      }
    }
    return out;
  }

  /** Old id → new id of the renamed nodes under one permutation (built on first need). */
  private renameNames(memo: RenameMemo, perm: Int32Array): Map<string, string> {
    if (!memo.names) {
      memo.names = new Map();
      for (let i = 0; i < this.n; i++) if (perm[i] !== i) memo.names.set(this.ctx[i].id, this.ctx[perm[i]].id);
    }
    return memo.names;
  }

  /**
   * The table holding, at 2·id and 2·id + 1, the hash (two lanes) of a local state or message
   * (`kind` 0 or 1, `id`) abstracted with the symmetric ids made anonymous and node `marked` (or
   * none, -1) singled out: invariant under renaming, so sums of these make node signatures.
   * Read in place: no allocation.
   */
  abstractTable(kind: 0 | 1, id: number, marked: number): Uint32Array {
    const t = kind * (this.n + 1) + marked + 1;
    // Small enough to be inlined into the signature loops, which look up every component.
    const known = this.abstractKnown[t];
    if (known !== undefined && known[id] === 1) return this.abstractMemo[t];
    return this.abstractFill(kind, id, marked, t);
  }

  /** abstractTable's first lookup of an id: grows the table if needed and hashes the abstracted value. */
  private abstractFill(kind: 0 | 1, id: number, marked: number, t: number): Uint32Array {
    let table = this.abstractMemo[t];
    if (!table || id >= table.length / 2) {
      let cap = table ? table.length : 128;
      while (cap / 2 <= id) cap *= 2;
      const grown = new Uint32Array(cap);
      if (table) grown.set(table);
      this.abstractMemo[t] = table = grown;
      const known = new Uint8Array(cap / 2);
      if (this.abstractKnown[t]) known.set(this.abstractKnown[t]);
      this.abstractKnown[t] = known;
    }
    // Only reached for an id not hashed yet (abstractTable answers the others).
    const ids = this.symmetricIds();
    const markedId = marked >= 0 ? this.ctx[marked].id : null;
    let text: string;
    if (kind === 0) {
      const node = this.localNode[id];
      const self = this.ctx[node].id;
      const role = this.ctx[node].role;
      text = role + '|' + (ids.has(self) ? (self === markedId ? '@' : '#') : self) + '|' + canonical(abstractJson(JSON.parse(this.roleKey(id)), ids, markedId));
    } else {
      text = canonical(abstractJson(this.msgs.values[id], ids, markedId));
    }
    hashString(text, this.abstractScratch);
    table[2 * id] = this.abstractScratch[0];
    table[2 * id + 1] = this.abstractScratch[1];
    this.abstractKnown[t][id] = 1;
    return table;
  }
  private readonly abstractKnown: Uint8Array[] = [];
  private readonly abstractScratch = new Uint32Array(2);

  // ---------------------------------------------------------------- moving worlds between threads

  /**
   * The content of every local state, message, event and ghost interned since the last call
   * with this `sent`, and the steps computed since: what other threads need to read worlds this
   * thread has queued so far (a thread publishes at the end of each level).
   */
  wireContent(sent: WireSent): WireContent {
    const locals: [number, number, string][] = [];
    const msgs: [number, number, number, string][] = [];
    const events: [number, string][] = [];
    const ghosts: [number, string][] = [];
    for (let id = sent.locals; id < this.locals.size; id++) locals.push([id, this.localNode[id], this.roleKey(id)]);
    sent.locals = this.locals.size;
    for (let m = sent.msgs; m < this.msgs.size; m++) msgs.push([m, this.msgFrom[m], this.msgTo[m], canonical(this.msgs.values[m].msg)]);
    sent.msgs = this.msgs.size;
    for (let e = sent.events; e < this.events.size; e++) events.push([e, this.events.keys[e]]);
    sent.events = this.events.size;
    for (let g = sent.ghosts; g < this.ghosts.size; g++) ghosts.push([g, this.ghosts.keys[g]]);
    sent.ghosts = this.ghosts.size;
    const steps = new IntVec(64);
    const log = this.stepLog.data;
    for (let k = 2 * sent.steps; k < this.stepLog.length; k += 2) {
      const entry = this.steps[log[k]][log[k + 1]];
      if (entry.error !== null) continue;
      steps.push(log[k]);
      steps.push(log[k + 1]);
      steps.push(entry.next);
      steps.push(entry.sends.length);
      for (let j = 0; j < entry.sends.length; j++) steps.push(entry.sends[j]);
    }
    sent.steps = this.stepLog.length / 2;
    return { locals, msgs, events, ghosts, steps: steps.data.slice(0, steps.length) };
  }

  /** Memoizes a peer's steps (wireContent) where this model has not computed them itself. */
  private adoptSteps(steps: Int32Array, map: WireMap): void {
    for (let k = 0; k < steps.length; ) {
      const local = map.locals.get(steps[k]);
      const event = map.events.get(steps[k + 1]);
      const next = map.locals.get(steps[k + 2]);
      const sends = new Int32Array(steps[k + 3]);
      for (let j = 0; j < sends.length; j++) sends[j] = map.msgs.get(steps[k + 4 + j]);
      k += 4 + sends.length;
      if (local < 0 || event < 0 || next < 0 || sends.some((m) => m < 0)) throw new Error('internal: a step refers to an id whose content was never published');
      const memo = this.steps[local];
      if (memo[event] === undefined) memo[event] = { next, sends: sends.length ? sends : EMPTY, noop: next === local && sends.length === 0, error: null };
    }
  }

  /** Decodes a peer's worlds in place: their ids become this model's (`map`: the peer's content imported so far). */
  wireDecode(block: PackedBlock, map: WireMap): void {
    // In a function of its own: V8 optimizes this loop alone, not the interning of wireImport with it.
    if (!mapIds(block, map, this.n, this.spec.ghost ? this.GHOST : -1, this.NET)) throw new Error('internal: a world holds an id whose content was never published');
  }

  /** Interns a peer's published content here (`map` remembers its ids), and memoizes its steps. */
  wireImport(content: WireContent, map: WireMap): void {
    for (const [id, node, key] of content.locals) map.locals.set(id, this.internLocalKey(node, key, NOT_BUILT));
    for (const [id, from, to, body] of content.msgs) map.msgs.set(id, this.internMsg(from, { to: this.ctx[to].id, msg: JSON.parse(body) }));
    for (const [id, key] of content.ghosts) map.ghosts.set(id, this.internGhost(JSON.parse(key) as G));
    for (const [id, key] of content.events) map.events.set(id, this.internEvent(JSON.parse(key) as NodeEvent));
    this.adoptSteps(content.steps, map);
  }

  // ---------------------------------------------------------------- model

  initialStates(): Int32Array[] {
    const w = new Int32Array(this.NET);
    for (let i = 0; i < this.n; i++) w[i] = this.internLocal(i, this.logic[i].init(this.ctx[i]));
    if (this.spec.ghost) {
      w[this.GHOST] = -1;
      w[this.GHOST] = this.internGhost(this.spec.ghost.init(this.view(w)));
    }
    return [w];
  }

  actions(w: Int32Array, into?: ClusterAction[]): ClusterAction[] {
    const acts: ClusterAction[] = into ?? [];
    acts.length = this.list(w, acts, false);
    return acts;
  }

  /**
   * The explorer's fast path (Model.successors): lists w's enabled actions into `acts` exactly
   * as actions() does and returns their number, with the fingerprint of each successor in
   * successorFingerprints, computed from `fp` and only the components each action changes,
   * without building a successor (most successors in an exhaustive search have been seen
   * before). The ghost after each action comes from the ghost memo (trackGhosts), and the
   * messages a step or a crash leaves obsolete are taken out (trackPruned). Returns -1 where it
   * cannot (fifo, a ghost that reads messages, a step that throws, a broken obsolete
   * declaration): build them instead.
   */
  successors(w: Int32Array, fp: Uint32Array, acts: ClusterAction[]): number {
    if ((this.spec.ghost && this.ghostMemo === null) || this.spec.faults.network === 'fifo') return -1;
    this.baseHi = fp[0];
    this.baseLo = fp[1];
    const n = this.list(w, acts, true);
    if (n > 0 && this.ghostMemo !== null) this.trackGhosts(w, acts, n);
    return n;
  }

  /**
   * Adds the ghost's change to each listed successor's fingerprint: the ghost after an action is
   * memoized (GhostMemo) on what the action makes of the nodes' local states and crashed mask,
   * so it is looked up without building the successor; one not memoized yet is computed by
   * building that successor (which memoizes it).
   */
  private trackGhosts(w: Int32Array, acts: ClusterAction[], count: number): void {
    const memo = this.ghostMemo!;
    const prev = w[this.GHOST];
    const crashed = w[this.CRASHED];
    const locals = this.ghostKey;
    for (let i = 0; i < this.n; i++) locals[i] = w[i];
    const prevHi = this.ghostMixHi(prev);
    const prevLo = this.ghostMixLo(prev);
    for (let k = 0; k < count; k++) {
      const act = acts[k];
      const kind = actKind(act);
      const a = actA(act);
      let node = -1;
      let after = crashed;
      if (kind === Act.Deliver) {
        node = this.msgTo[a];
        locals[node] = this.step(w[node], this.msgEvent[a]).next;
      } else if (kind === Act.Env || kind === Act.Timeout) {
        node = a;
        locals[node] = this.step(w[node], actB(act)).next;
      } else if (kind === Act.Crash) {
        node = a;
        locals[node] = this.restartState(w[node]);
        after = crashed | (1 << node);
      } else if (kind === Act.Restart) {
        after = crashed & ~(1 << a);
      }
      let g = memo.get(locals, prev, after);
      if (node >= 0) locals[node] = w[node];
      if (g < 0) g = this.nextTransient(w, act)[this.GHOST];
      if (g === prev) continue;
      const fps = this.fps;
      fps[2 * k] = (fps[2 * k] + this.ghostMixHi(g) - prevHi) >>> 0;
      fps[2 * k + 1] = (fps[2 * k + 1] + this.ghostMixLo(g) - prevLo) >>> 0;
    }
  }
  /** The nodes' local states after the action trackGhosts looks at (the ghost memo's key). */
  private readonly ghostKey: Int32Array;

  get successorFingerprints(): Uint32Array {
    return this.fps;
  }

  private baseHi = 0;
  private baseLo = 0;
  private fps = new Uint32Array(256);

  /**
   * Lists the enabled actions into acts[0..n-1] and returns n (entries past n are stale: the
   * caller truncates if it must, as setting an array's length is a runtime call); with
   * `track`, each successor's fingerprint, or -1 when it cannot.
   */
  private list(w: Int32Array, acts: ClusterAction[], track: boolean): number {
    const f = this.spec.faults;
    const set = f.network === 'set';
    const crashed = w[this.CRASHED];
    const trackPruned = track && this.pruning;
    // Written by index, never emptied: emptying an array (length = 0) frees its backing store,
    // and refilling it would allocate one per world.
    let n = 0;
    let prev = -1;
    for (let j = this.NET; j < w.length; j++) {
      const msg = w[j];
      if (msg === prev) continue; // copies of one message: one action
      // fifo: only the head of each link may be delivered.
      if (f.network === 'fifo' && prev >= 0 && this.link(prev) === this.link(msg)) continue;
      prev = msg;
      if (!this.deliverable(w, msg)) continue;
      const node = this.msgTo[msg];
      const entry = this.step(w[node], this.msgEvent[msg]);
      // Under set semantics a delivery is never consumed, so one that changes nothing is a self-loop.
      if (set && this.noopIn(w, w[node], entry)) continue;
      acts[n++] = packAction(Act.Deliver, msg, 0);
      if (track && !this.trackStep(w, node, entry, set ? -1 : msg, n - 1)) return -1;
      if (trackPruned && !this.trackPruned(w, node, entry, set ? -1 : msg, n - 1)) return -1;
    }
    for (let i = 0; i < this.n; i++) {
      if (crashed & (1 << i)) continue;
      const local = w[i];
      const active = this.activeEvents[local] ?? this.listActiveEvents(local);
      for (let k = 0; k < active.length; k += 2) {
        const ev = active[k + 1];
        const entry = this.step(local, ev);
        if (set && this.noopIn(w, local, entry)) continue;
        acts[n++] = packAction(active[k], i, ev);
        if (track && !this.trackStep(w, i, entry, -1, n - 1)) return -1;
        if (trackPruned && !this.trackPruned(w, i, entry, -1, n - 1)) return -1;
      }
    }
    if (f.network === 'multiset') {
      for (let pass = 0; pass < 2; pass++) {
        const slot = pass === 0 ? this.DROPS : this.DUPS;
        if (w[slot] >= (pass === 0 ? f.maxDrops : f.maxDuplicates)) continue;
        const sign = pass === 0 ? -1 : 1;
        for (let j = this.NET; j < w.length; j++) {
          const m = w[j];
          if (j > this.NET && m === w[j - 1]) continue;
          acts[n++] = packAction(pass === 0 ? Act.Drop : Act.Duplicate, m, 0);
          if (track) {
            this.trackHeader(n - 1, slot, w[slot], w[slot] + 1, sign * this.msgMixHi[m], sign * this.msgMixLo[m]);
          }
        }
      }
    }
    if (w[this.CRASHES] < f.maxCrashes) {
      for (let i = 0; i < this.n; i++) {
        if (!this.crashable[i] || crashed & (1 << i)) continue;
        acts[n++] = packAction(Act.Crash, i, 0);
        if (track) {
          const r = this.restartState(w[i]);
          const k = n - 1;
          this.trackHeader(k, this.CRASHES, w[this.CRASHES], w[this.CRASHES] + 1,
            this.localMixHi[r] - this.localMixHi[w[i]], this.localMixLo[r] - this.localMixLo[w[i]]);
          this.trackHeader(k, this.CRASHED, crashed, crashed | (1 << i), 0, 0, true);
          if (trackPruned && r !== w[i] && !this.trackPrunedByCrash(w, i, r, k)) return -1;
        }
      }
    }
    for (let i = 0; i < this.n; i++) {
      if (!(crashed & (1 << i))) continue;
      acts[n++] = packAction(Act.Restart, i, 0);
      if (track) this.trackHeader(n - 1, this.CRASHED, crashed, crashed & ~(1 << i), 0, 0);
    }
    const part = w[this.PART];
    if (part === 0 && w[this.PARTS] < f.maxPartitions) {
      for (const m of this.partitionMasks) {
        acts[n++] = packAction(Act.Partition, m, 0);
        if (track) {
          this.trackHeader(n - 1, this.PARTS, w[this.PARTS], w[this.PARTS] + 1, 0, 0);
          this.trackHeader(n - 1, this.PART, 0, m, 0, 0, true);
        }
      }
    }
    if (part !== 0) {
      acts[n++] = packAction(Act.Heal, 0, 0);
      if (track) this.trackHeader(n - 1, this.PART, part, 0, 0, 0);
    }
    return n;
  }

  /**
   * The environment events and timers of a local state whose step is not a self-loop in every
   * world, as (kind, event) pairs in listing order: computed once per local state, so listing a
   * world's actions skips the events its nodes ignore.
   */
  private listActiveEvents(local: number): Int32Array {
    const node = this.localNode[local];
    const out: number[] = [];
    for (const ev of this.envEventIds[node]) if (!this.step(local, ev).noop) out.push(Act.Env, ev);
    for (const ev of this.timerEventIds[node]) if (!this.step(local, ev).noop) out.push(Act.Timeout, ev);
    const active = Int32Array.from(out);
    this.activeEvents[local] = active;
    return active;
  }
  private readonly activeEvents: (Int32Array | undefined)[] = [];

  /** Room for action k's fingerprint. */
  private fpSlot(k: number): Uint32Array {
    if (2 * k + 2 > this.fps.length) {
      const grown = new Uint32Array(this.fps.length * 2);
      grown.set(this.fps);
      this.fps = grown;
    }
    return this.fps;
  }

  /** Action k changes header `slot` from `from` to `to`, plus (dHi, dLo); `more` adds to k's entry. */
  private trackHeader(k: number, slot: number, from: number, to: number, dHi: number, dLo: number, more = false): void {
    const fps = this.fpSlot(k);
    const hi = (more ? fps[2 * k] : this.baseHi) + headerHi(slot, to) - headerHi(slot, from) + dHi;
    const lo = (more ? fps[2 * k + 1] : this.baseLo) + headerLo(slot, to) - headerLo(slot, from) + dLo;
    fps[2 * k] = hi >>> 0;
    fps[2 * k + 1] = lo >>> 0;
  }

  /**
   * Action k crashes `node` into local state `r`: the messages to it that `r` declares obsolete
   * leave the network too. False where a claim is broken (building the successor reports it).
   */
  private trackPrunedByCrash(w: Int32Array, node: number, r: number, k: number): boolean {
    if (this.prunedBy(w, node, r, -1) < 0) return false;
    const fps = this.fps;
    fps[2 * k] = (fps[2 * k] - this.prunedHi) >>> 0;
    fps[2 * k + 1] = (fps[2 * k + 1] - this.prunedLo) >>> 0;
    return true;
  }

  /** Action k is `entry` at `node`, consuming message `consumed` (≥ 0, multiset). */
  private trackStep(w: Int32Array, node: number, entry: StepEntry, consumed: number, k: number): boolean {
    if (entry.error !== null) return false;
    let hi = this.baseHi + this.localMixHi[entry.next] - this.localMixHi[w[node]];
    let lo = this.baseLo + this.localMixLo[entry.next] - this.localMixLo[w[node]];
    if (consumed >= 0) {
      hi -= this.msgMixHi[consumed];
      lo -= this.msgMixLo[consumed];
    }
    const sends = entry.sends;
    for (let s = 0; s < sends.length; s++) {
      if (!this.addsSend(w, sends, s)) continue;
      hi += this.msgMixHi[sends[s]];
      lo += this.msgMixLo[sends[s]];
    }
    const fps = this.fpSlot(k);
    fps[2 * k] = hi >>> 0;
    fps[2 * k + 1] = lo >>> 0;
    return true;
  }

  /**
   * With obsolete messages, takes out of action k's fingerprint (trackStep's) the messages the
   * step leaves obsolete: sends their receivers declare obsolete, and messages to `node` that
   * its new state does (w has none: every world is pruned). False where a declaration is broken
   * (building the successor reports it).
   */
  private trackPruned(w: Int32Array, node: number, entry: StepEntry, consumed: number, k: number): boolean {
    let hi = 0;
    let lo = 0;
    const sends = entry.sends;
    for (let s = 0; s < sends.length; s++) {
      if (!this.addsSend(w, sends, s)) continue;
      const m = sends[s];
      const code = this.obsoleteCode(this.msgTo[m] === node ? entry.next : w[this.msgTo[m]], m);
      if (code === BROKEN_CLAIM) return false;
      if (code !== OBSOLETE) continue;
      hi += this.msgMixHi[m];
      lo += this.msgMixLo[m];
    }
    if (entry.next !== w[node]) {
      if (this.prunedBy(w, node, entry.next, consumed) < 0) return false;
      hi += this.prunedHi;
      lo += this.prunedLo;
    }
    const fps = this.fps;
    fps[2 * k] = (fps[2 * k] - hi) >>> 0;
    fps[2 * k + 1] = (fps[2 * k + 1] - lo) >>> 0;
    return true;
  }

  /**
   * Whether `entry`, the step of `local`, would leave world w unchanged: no state change and
   * nothing sent, or, under set semantics, only messages already in the set. Such a step is a
   * self-loop and is not listed as enabled.
   */
  private noopIn(w: Int32Array, local: number, entry: StepEntry): boolean {
    if (entry.noop) return true;
    if (this.spec.faults.network !== 'set' || entry.next !== local) return false;
    for (let k = 0; k < entry.sends.length; k++) {
      const m = entry.sends[k];
      // A send its receiver declares obsolete is dropped at once: as good as already there.
      if (!this.inFlight(w, m) && !(this.pruning && this.isObsolete(w[this.msgTo[m]], m))) return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- obsolete messages

  /**
   * Whether message `msg` can never change its receiver, now in local state `local`, again
   * (RoleLogic.obsolete). The claim is checked where it is made: handling the message in this
   * state must change nothing and send nothing, or the role is reported as failing on it.
   * Memoized per (local state, message).
   */
  private isObsolete(local: number, msg: number): boolean {
    const code = this.obsoleteCode(local, msg);
    if (code === BROKEN_CLAIM) {
      const node = this.localNode[local];
      throw new ImplementationError(this.ctx[node].id, this.events.values[this.msgEvent[msg]] as Json,
        'declares this message obsolete (never to change the node again), yet handling it changes the node or sends messages');
    }
    return code === OBSOLETE;
  }

  /** isObsolete's answer as a code (OBSOLETE, NOT_OBSOLETE or BROKEN_CLAIM), never throwing. */
  private obsoleteCode(local: number, msg: number): number {
    let memo = this.obsoleteMemo[local];
    if (memo === undefined || memo.length <= msg) {
      const grown = new Uint8Array(Math.max(64, this.msgs.size * 2));
      if (memo) grown.set(memo);
      this.obsoleteMemo[local] = memo = grown;
    }
    if (memo[msg] === 0) {
      const node = this.localNode[local];
      const logic = this.logic[node];
      const event = this.events.values[this.msgEvent[msg]];
      const dead = logic.obsolete !== undefined && logic.obsolete(this.localValue(local), event, this.ctx[node]);
      memo[msg] = !dead ? NOT_OBSOLETE : this.step(local, this.msgEvent[msg]).noop ? OBSOLETE : BROKEN_CLAIM;
    }
    return memo[msg];
  }

  /**
   * w without the messages their receivers declare obsolete: w itself if there are none, else
   * the rest in a buffer this model reuses (valid until the next call; next() copies it).
   * Sound under every network semantics: an obsolete message's delivery is a self-loop in every
   * world reachable from w (set), or only consumes it (multiset, fifo), so removing it keeps
   * every sequence of node states, and so every property verdict and every shortest path.
   */
  private pruneObsolete(w: Int32Array): Int32Array {
    let gone = 0;
    for (let j = this.NET; j < w.length; j++) if (this.isObsolete(w[this.msgTo[w[j]]], w[j])) gone++;
    if (gone === 0) return w;
    const len = w.length - gone;
    let kept = this.prunedScratch[len];
    if (kept === undefined) kept = this.prunedScratch[len] = new Int32Array(len);
    for (let j = 0; j < this.NET; j++) kept[j] = w[j];
    let o = this.NET;
    for (let j = this.NET; j < w.length; j++) if (!this.isObsolete(w[this.msgTo[w[j]]], w[j])) kept[o++] = w[j];
    return kept;
  }
  private readonly prunedScratch: Int32Array[] = [];

  private deliverable(w: Int32Array, msg: number): boolean {
    const to = this.msgTo[msg];
    if (w[this.CRASHED] & (1 << to)) return false;
    const part = w[this.PART];
    return ((part >> to) & 1) === ((part >> this.msgFrom[msg]) & 1);
  }

  private link(msg: number): number {
    return this.msgFrom[msg] * this.n + this.msgTo[msg];
  }

  next(w: Int32Array, act: ClusterAction): Int32Array {
    const out = this.apply(w, act);
    if (!this.pruning) return this.withGhost(w, out);
    const kept = this.pruneObsolete(out);
    return this.withGhost(w, kept === out ? out : kept.slice());
  }

  /**
   * next(w, act) built in a buffer this model reuses (valid until the next call): a node's step
   * under set or multiset semantics, the explorer's common case, allocates no backing store
   * (pruned of obsolete messages into a second reused buffer). Anything else is built by next().
   */
  nextTransient(w: Int32Array, act: ClusterAction): Int32Array {
    const k = actKind(act);
    if (this.spec.faults.network === 'fifo' || (k !== Act.Deliver && k !== Act.Env && k !== Act.Timeout)) return this.next(w, act);
    const a = actA(act);
    const node = k === Act.Deliver ? this.msgTo[a] : a;
    const entry = this.step(w[node], k === Act.Deliver ? this.msgEvent[a] : actB(act));
    if (entry.error !== null) return this.next(w, act); // throws ImplementationError
    const out = this.stepInto(w, node, entry, k === Act.Deliver ? a : -1);
    return this.withGhost(w, this.pruning ? this.pruneObsolete(out) : out);
  }

  /**
   * A node's step under set or multiset semantics, written into the reused buffer: the node's
   * new local state, the delivered message (`consumed`, or -1) gone under multiset, and what it
   * sent merged into the sorted network. Valid until the next call.
   */
  private stepInto(w: Int32Array, node: number, entry: StepEntry, consumed: number): Int32Array {
    if (this.spec.faults.network === 'set') consumed = -1;
    // The messages to add, sorted.
    const add = this.scratchAdd.length >= entry.sends.length ? this.scratchAdd : (this.scratchAdd = new Int32Array(entry.sends.length * 2));
    let adds = 0;
    for (let s = 0; s < entry.sends.length; s++) {
      if (!this.addsSend(w, entry.sends, s)) continue;
      const m = entry.sends[s];
      let pos = adds++;
      while (pos > 0 && this.msgs.compare(add[pos - 1], m) > 0) {
        add[pos] = add[pos - 1];
        pos--;
      }
      add[pos] = m;
    }
    const len = w.length + adds - (consumed >= 0 ? 1 : 0);
    // One reused buffer per world length: a subarray of one buffer would be an allocation.
    let out = this.scratch[len];
    if (out === undefined) out = this.scratch[len] = new Int32Array(len);
    for (let j = 0; j < this.NET; j++) out[j] = w[j];
    out[node] = entry.next;
    // Merge w's network (minus one copy of the consumed message) with the sorted additions.
    let o = this.NET;
    let i = this.NET;
    let j = 0;
    let skip = consumed;
    while (i < w.length || j < adds) {
      if (i < w.length && w[i] === skip) {
        skip = -1;
        i++;
        continue;
      }
      if (j >= adds || (i < w.length && this.msgs.compare(w[i], add[j]) <= 0)) out[o++] = w[i++];
      else out[o++] = add[j++];
    }
    if (skip >= 0) throw new Error(`internal: message ${skip} not in flight`);
    return out;
  }

  /**
   * The copies of messages in w's network to `node` that its new local state `next` declares
   * obsolete, the one `consumed` apart (a copy removed anyway, or -1): how many, with the sum of
   * their shares of the fingerprint in prunedHi and prunedLo; -1 where a declaration is broken
   * (isObsolete would throw).
   */
  private prunedBy(w: Int32Array, node: number, next: number, consumed: number): number {
    let n = 0;
    let hi = 0;
    let lo = 0;
    let skip = consumed;
    for (let j = this.NET; j < w.length; j++) {
      const m = w[j];
      if (m === skip) {
        skip = -1;
        continue;
      }
      if (this.msgTo[m] !== node) continue;
      const code = this.obsoleteCode(next, m);
      if (code === BROKEN_CLAIM) return -1;
      if (code !== OBSOLETE) continue;
      n++;
      hi += this.msgMixHi[m];
      lo += this.msgMixLo[m];
    }
    this.prunedHi = hi;
    this.prunedLo = lo;
    return n;
  }
  private prunedHi = 0;
  private prunedLo = 0;

  /** Whether sends[s] is added to w's network: always under multiset; under set only when new. */
  private addsSend(w: Int32Array, sends: Int32Array, s: number): boolean {
    if (this.spec.faults.network !== 'set') return true;
    const m = sends[s];
    // Not sends.indexOf(m): on a typed array that is a call into V8's C++ runtime (about 1.5%
    // of a TwoPhase search's time), where this loop over the few sends before is compiled inline.
    for (let j = 0; j < s; j++) if (sends[j] === m) return false;
    return !this.inFlight(w, m);
  }
  private readonly scratch: Int32Array[] = [];
  private scratchAdd = new Int32Array(8);

  private withGhost(w: Int32Array, out: Int32Array): Int32Array {
    const spec = this.spec.ghost;
    if (!spec) return out;
    const prev = w[this.GHOST];
    const memo = this.ghostMemo;
    if (memo !== null) {
      const known = memo.get(out, prev, out[this.CRASHED]);
      if (known >= 0) {
        out[this.GHOST] = known;
        return out;
      }
    }
    const before = this.ghosts.values[prev];
    const g = spec.update(before, this.view(out, spec.nodesOnly === true));
    out[this.GHOST] = g === before ? prev : this.internGhost(g);
    if (memo !== null) memo.set(out, prev, out[this.CRASHED], out[this.GHOST]);
    return out;
  }
  /** Memoized ghost updates, for a ghost that reads only the nodes (GhostSpec.nodesOnly). */
  private readonly ghostMemo: GhostMemo | null;

  private apply(w: Int32Array, act: ClusterAction): Int32Array {
    const k = actKind(act);
    const a = actA(act);
    const b = actB(act);
    switch (k) {
      case Act.Deliver:
        return this.applyStep(w, this.msgTo[a], this.msgEvent[a], a);
      case Act.Env:
      case Act.Timeout:
        return this.applyStep(w, a, b, -1);
      case Act.Drop:
        return this.withHeader(this.removeMsg(w, a), this.DROPS, w[this.DROPS] + 1);
      case Act.Duplicate:
        return this.withHeader(this.spec.faults.network === 'fifo' ? this.appendFifo(w, Int32Array.of(a)) : this.insertOne(w, a), this.DUPS, w[this.DUPS] + 1);
      case Act.Crash:
        return this.applyCrash(w, a);
      case Act.Restart:
        return this.withHeader(w.slice(), this.CRASHED, w[this.CRASHED] & ~(1 << a));
      case Act.Partition:
        return this.applyPartition(w, a);
      case Act.Heal:
        return this.withHeader(w.slice(), this.PART, 0);
    }
  }

  private withHeader(w: Int32Array, slot: number, value: number): Int32Array {
    w[slot] = value;
    return w;
  }

  private applyStep(w: Int32Array, node: number, event: number, consumed: number): Int32Array {
    const entry = this.step(w[node], event);
    if (entry.error !== null) {
      throw new ImplementationError(this.ctx[node].id, this.events.values[event] as Json, entry.error);
    }
    if (this.spec.faults.network !== 'fifo') return this.stepInto(w, node, entry, consumed).slice();
    const out = this.appendFifo(consumed >= 0 ? this.removeMsg(w, consumed) : w, entry.sends);
    out[node] = entry.next;
    return out;
  }

  private applyCrash(w: Int32Array, node: number): Int32Array {
    let out = w;
    if (this.spec.faults.network === 'fifo') out = this.filterNet(w, (m) => this.msgTo[m] !== node);
    out = out === w ? w.slice() : out;
    out[node] = this.restartState(w[node]);
    out[this.CRASHED] = w[this.CRASHED] | (1 << node);
    out[this.CRASHES] = w[this.CRASHES] + 1;
    return out;
  }

  private applyPartition(w: Int32Array, mask: number): Int32Array {
    let out = w;
    if (this.spec.faults.network === 'fifo') {
      out = this.filterNet(w, (m) => ((mask >> this.msgTo[m]) & 1) === ((mask >> this.msgFrom[m]) & 1));
    }
    out = out === w ? w.slice() : out;
    out[this.PART] = mask;
    out[this.PARTS] = w[this.PARTS] + 1;
    return out;
  }

  private filterNet(w: Int32Array, keep: (msg: number) => boolean): Int32Array {
    const kept: number[] = [];
    for (let j = this.NET; j < w.length; j++) if (keep(w[j])) kept.push(w[j]);
    const out = new Int32Array(this.NET + kept.length);
    out.set(w.subarray(0, this.NET));
    out.set(kept, this.NET);
    return out;
  }

  /** A copy of w without one copy of msg (the first, i.e. the head of its fifo link). */
  private removeMsg(w: Int32Array, msg: number): Int32Array {
    const out = new Int32Array(w.length - 1);
    let k = 0;
    let removed = false;
    for (let j = 0; j < w.length; j++) {
      if (!removed && j >= this.NET && w[j] === msg) {
        removed = true;
        continue;
      }
      out[k++] = w[j];
    }
    if (!removed) throw new Error(`internal: message ${msg} not in flight`);
    return out;
  }

  /** A copy of w with one more copy of message m: binary search for its place in the sorted network. */
  private insertOne(w: Int32Array, m: number): Int32Array {
    const M = this.msgs;
    let lo = this.NET;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (M.compare(w[mid], m) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const out = new Int32Array(w.length + 1);
    for (let j = 0; j < lo; j++) out[j] = w[j];
    out[lo] = m;
    for (let j = lo; j < w.length; j++) out[j + 1] = w[j];
    return out;
  }

  private appendFifo(w: Int32Array, add: Int32Array): Int32Array {
    const net = Array.from(w.subarray(this.NET));
    for (const m of add) {
      const l = this.link(m);
      let pos = net.length;
      while (pos > 0 && this.link(net[pos - 1]) > l) pos--;
      net.splice(pos, 0, m);
    }
    const out = new Int32Array(this.NET + net.length);
    out.set(w.subarray(0, this.NET));
    out.set(net, this.NET);
    return out;
  }

  /**
   * Campaign weights: protocol steps are likelier than faults, so a random schedule makes
   * progress and still crashes, drops and partitions often enough to matter; recovery (restart,
   * heal) is likelier than the fault that needs it.
   */
  weight(act: ClusterAction): number {
    return ACTION_WEIGHT[actKind(act)];
  }

  // ---------------------------------------------------------------- fingerprints and views

  fingerprint(w: Int32Array, out: Uint32Array): void {
    this.mixMasked(w, this.allNodes, out);
    let hi = out[0];
    let lo = out[1];
    for (let slot = this.n; slot < this.GHOST; slot++) {
      const v = w[slot];
      if (v === 0) continue;
      hi += mixHi(slot + 64, v, ~v);
      lo += mixLo(slot + 64, v, ~v);
    }
    if (this.spec.faults.network === 'fifo') {
      const M = this.msgs;
      let queuePos = 0;
      for (let j = this.NET; j < w.length; j++) {
        const m = w[j];
        queuePos = j > this.NET && this.link(w[j - 1]) === this.link(m) ? queuePos + 1 : 0;
        hi += mixHi(1024 + queuePos, M.hashHi[m], M.hashLo[m]);
        lo += mixLo(1024 + queuePos, M.hashHi[m], M.hashLo[m]);
      }
    } else {
      for (let j = this.NET; j < w.length; j++) {
        hi += this.msgMixHi[w[j]];
        lo += this.msgMixLo[w[j]];
      }
    }
    out[0] = hi >>> 0;
    out[1] = lo >>> 0;
  }

  private inFlight(w: Int32Array, msg: number): boolean {
    for (let j = this.NET; j < w.length; j++) if (w[j] === msg) return true;
    return false;
  }

  /** What properties read; `nodesOnly` (a ghost update that declared it) makes messages() throw. */
  view(w: Int32Array, nodesOnly = false): ClusterView<any, G> {
    return this.fillView(new World<G>(this, new Array(this.n)), w, nodesOnly);
  }

  /** view(w) in one World this model reuses (valid until the next call): the explorer's judge. */
  viewTransient(w: Int32Array): ClusterView<any, G> {
    return this.fillView(this.transientWorld, w, false);
  }
  private readonly transientWorld: World<G>;

  /** The fingerprint's share of the ghost and of the local states of the nodes in mask. */
  private mixMasked(w: Int32Array, mask: number, out: Uint32Array): void {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < this.n; i++) {
      if ((mask & (1 << i)) === 0) continue;
      hi += this.localMixHi[w[i]];
      lo += this.localMixLo[w[i]];
    }
    if (this.spec.ghost) {
      hi += this.ghostMixHi(w[this.GHOST]);
      lo += this.ghostMixLo(w[this.GHOST]);
    }
    out[0] = hi >>> 0;
    out[1] = lo >>> 0;
  }

  /** Ghost g's share of a fingerprint, high lane (mixMasked; trackGhosts swaps one for another). */
  private ghostMixHi(g: number): number {
    return mixHi(127, this.ghosts.hashHi[g], this.ghosts.hashLo[g]);
  }

  /** Ghost g's share of a fingerprint, low lane. */
  private ghostMixLo(g: number): number {
    return mixLo(127, this.ghosts.hashHi[g], this.ghosts.hashLo[g]);
  }

  /**
   * The key covers the ghost, and the states and crashed bits of the nodes in keyMask: the
   * nodes the properties have been seen to read. Properties that read only some roles (the
   * resource managers, say, and not the coordinator) get a key that repeats far more often.
   */
  viewKey(w: Int32Array, out: Uint32Array): void {
    this.mixMasked(w, this.keyMask, out);
    const crashed = w[this.CRASHED] & this.keyMask;
    out[0] = (out[0] + mixHi(this.CRASHED + 64, crashed, ~crashed)) >>> 0;
    out[1] = (out[1] + mixLo(this.CRASHED + 64, crashed, ~crashed)) >>> 0;
  }

  /**
   * Whether the properties read only what viewKey covers in the last transient view. A read of
   * a node outside keyMask widens the mask for later keys and bumps viewKeyEpoch (keys made
   * before are then stale); a read of messages() is never covered.
   */
  viewKeyCovers(): boolean {
    const world = this.transientWorld;
    const read = world.nodesRead & this.allNodes;
    if ((read & ~this.keyMask) !== 0) {
      this.keyMask |= read;
      this.viewKeyEpoch++;
      return false;
    }
    return !world.messagesRead;
  }
  viewKeyEpoch = 0;
  /** Nodes viewKey covers: those the properties have read so far (bit i for node i). */
  private keyMask = 0;
  private readonly allNodes: number;

  private fillView(world: World<G>, w: Int32Array, nodesOnly: boolean): World<G> {
    const nodes = world.slots;
    const crashed = w[this.CRASHED];
    for (let i = 0; i < this.n; i++) nodes[i] = this.nodeView(w[i], (crashed & (1 << i)) !== 0);
    const ghost = this.spec.ghost && w[this.GHOST] >= 0 ? this.ghosts.values[w[this.GHOST]] : (undefined as G);
    world.reset(ghost, w, nodesOnly);
    return world;
  }

  /** NodeView objects are shared between worlds: one per (local state, crashed). */
  private nodeView(local: number, crashed: boolean): NodeView {
    const cache = crashed ? this.crashedViews : this.liveViews;
    let v = cache[local];
    if (v === undefined) {
      const c = this.ctx[this.localNode[local]];
      v = Object.freeze({ id: c.id, index: c.index, role: c.role, crashed, view: this.localView(local) });
      cache[local] = v;
    }
    return v;
  }

  /** Indices of the nodes of a role, in node order. */
  roleIndices(role: string): readonly number[] {
    return this.byRole.get(role) ?? this.computeRoleIndices(role);
  }

  private computeRoleIndices(role: string): readonly number[] {
    const r = this.ctx.filter((c) => c.role === role).map((c) => c.index);
    this.byRole.set(role, r);
    return r;
  }
  private readonly byRole = new Map<string, number[]>();

  /** Node index of an id, or undefined. */
  nodeIndex(id: string): number | undefined {
    return this.indexOf.get(id);
  }

  /** Messages in flight in w. */
  inFlightMessages(w: Int32Array): SentMessage[] {
    return Array.from(w.subarray(this.NET), (m) => this.msgs.values[m]);
  }

  describeAction(_w: Int32Array, act: ClusterAction): Json {
    const k = actKind(act);
    const a = actA(act);
    const b = actB(act);
    const id = (i: number) => this.ctx[i].id;
    switch (k) {
      case Act.Deliver:
      case Act.Drop:
      case Act.Duplicate: {
        const m = this.msgs.values[a];
        const type = k === Act.Deliver ? 'deliver' : k === Act.Drop ? 'drop' : 'duplicate';
        return { type, from: m.from, to: m.to, msg: m.msg };
      }
      case Act.Env:
        return { type: 'env', node: id(a), event: this.events.values[b] as Json };
      case Act.Timeout:
        return { type: 'timeout', node: id(a), timer: this.events.values[b].timer as Json };
      case Act.Crash:
        return { type: 'crash', node: id(a) };
      case Act.Restart:
        return { type: 'restart', node: id(a) };
      case Act.Partition:
        return { type: 'partition', sides: this.sides(a) };
      case Act.Heal:
        return { type: 'heal' };
    }
  }

  private sides(mask: number): string[][] {
    const a: string[] = [];
    const b: string[] = [];
    for (let i = 0; i < this.n; i++) ((mask >> i) & 1 ? b : a).push(this.ctx[i].id);
    return [a, b];
  }

  describeState(w: Int32Array): StateSnapshot {
    const nodes: StateSnapshot['nodes'] = {};
    for (const nv of this.view(w).nodes) nodes[nv.id] = { role: nv.role, crashed: nv.crashed, view: nv.view };
    const snapshot: StateSnapshot = {
      nodes,
      network: Array.from(w.subarray(this.NET), (m) => this.msgs.values[m]),
      partition: w[this.PART] ? this.sides(w[this.PART]) : null,
    };
    if (this.spec.ghost) snapshot.ghost = this.ghosts.values[w[this.GHOST]] as Json;
    return snapshot;
  }

  sentBy(w: Int32Array, act: ClusterAction): SentMessage[] {
    const k = actKind(act);
    const a = actA(act);
    const b = actB(act);
    let entry: StepEntry | undefined;
    if (k === Act.Deliver) entry = this.step(w[this.msgTo[a]], this.msgEvent[a]);
    else if (k === Act.Env || k === Act.Timeout) entry = this.step(w[a], b);
    if (!entry) return [];
    return Array.from(entry.sends, (m) => this.msgs.values[m]);
  }

  /** Counters for reports and benchmarks. */
  stats(): { localStates: number; localSteps: number; messages: number } {
    let localSteps = 0;
    for (const m of this.steps) for (const e of m) if (e !== undefined) localSteps++;
    return { localStates: this.locals.size, localSteps, messages: this.msgs.size };
  }
}

/** The world as properties see it: node views (shared, frozen), ghost, params, messages. */
class World<G> implements ClusterView<any, G> {
  /** Per role: its nodes' indices and bit mask, and their views as of reset `at`. */
  private roles: Map<string, { indices: readonly number[]; mask: number; at: number; nodes: NodeView[] }> | undefined;
  private resets = 0;
  /** Whether messages() was called since the last reset. */
  messagesRead = false;
  /** Bit i set: node i's view was read since the last reset (through nodes, node() or ofRole()). */
  nodesRead = 0;
  ghost!: G;
  private w!: Int32Array;
  private nodesOnly = false;
  constructor(
    private readonly model: ClusterModel<G>,
    /** The node views, filled by the model before reset(). */
    readonly slots: NodeView[],
  ) {}

  /** Now the view of world w (its slots already filled). */
  reset(ghost: G, w: Int32Array, nodesOnly: boolean): void {
    this.ghost = ghost;
    this.w = w;
    this.nodesOnly = nodesOnly;
    this.messagesRead = false;
    this.nodesRead = 0;
    this.resets++;
  }

  get nodes(): NodeView[] {
    this.nodesRead = -1;
    return this.slots;
  }

  get params(): Record<string, number> {
    return this.model.spec.params;
  }

  node(id: string): NodeView {
    const i = this.model.nodeIndex(id);
    if (i === undefined) throw new Error(`no node '${id}'`);
    this.nodesRead |= 1 << i;
    return this.slots[i];
  }

  ofRole(role: string): readonly NodeView[] {
    // Gathered once per world and role; a reused (transient) world refills the same array.
    const roles = (this.roles ??= new Map());
    let r = roles.get(role);
    if (r === undefined) {
      const indices = this.model.roleIndices(role);
      roles.set(role, (r = { indices, mask: indices.reduce((m, i) => m | (1 << i), 0), at: -1, nodes: [] }));
    }
    this.nodesRead |= r.mask;
    if (r.at !== this.resets) {
      r.nodes.length = r.indices.length;
      for (let k = 0; k < r.indices.length; k++) r.nodes[k] = this.slots[r.indices[k]];
      r.at = this.resets;
    }
    return r.nodes;
  }

  messages(): SentMessage[] {
    if (this.nodesOnly) throw new Error(`${this.model.info.protocol}: its ghost declares nodesOnly but its update read messages()`);
    this.messagesRead = true;
    return this.model.inFlightMessages(this.w);
  }
}
