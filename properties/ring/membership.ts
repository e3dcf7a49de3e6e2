/**
 * Invariants of the membership protocol (models/ring), over node views shared by the model's
 * machines and the implementations in impl/ring/membership:
 *
 * - Acknowledged Writes Readable: once a write of version v to key k is acknowledged, every live
 *   natural replica of k (in the router's ring; any of them may answer a read) holds ≥ v.
 * - Durability: while fewer than R of k's replicas have failed, some live node holds k's
 *   acknowledged version.
 * - No Two Primaries: at rest (no node joining or leaving, in the router's ring or by its own
 *   status), no key has two live nodes acting as its primary.
 * - Reads See Acknowledged Writes: a read returns at least the version acknowledged before it
 *   began.
 */
import type { ClusterView, NodeView } from '../../engine/cluster.js';
import { always, sometimes, type Property } from '../../engine/properties.js';
import type { RouterView, StorageView } from '../../models/ring/messages.js';
import { naturalReplicas, ROUTER } from '../../models/ring/topology.js';

type World = ClusterView<StorageView | RouterView>;

const router = (w: World) => w.node(ROUTER).view as RouterView;
const storage = (w: World) => w.nodes.filter((n) => n.id !== ROUTER) as NodeView<StorageView>[];
const isLive = (n: NodeView<StorageView>) => !n.crashed && !['failed', 'left', 'out'].includes(n.view.status);
const holds = (n: NodeView<StorageView>, key: string) => n.view.store[key] ?? 0;
const R = (w: World) => w.params.replicas;

/**
 * The router's ring without nodes that have already left by their own account (their Left is
 * still in flight): those have handed their keys off and count for nothing.
 */
function ringOf(w: World): RouterView['ring'] {
  const ring = { ...router(w).ring };
  for (const id of Object.keys(ring)) if ((w.node(id).view as StorageView).status === 'left') delete ring[id];
  return ring;
}

function ackedKeys(w: World): [string, number][] {
  return Object.entries(router(w).acked).filter(([, v]) => v > 0);
}

export const readable = always<World>('Acknowledged Writes Readable', (w) => {
  const ring = router(w).ring;
  for (const [key, v] of ackedKeys(w)) {
    const replicas = naturalReplicas(ring, key, R(w));
    for (const id of replicas) {
      const n = w.node(id) as NodeView<StorageView>;
      if (isLive(n) && holds(n, key) < v) {
        return `Acknowledged Writes Readable: ${key} v${v} was acknowledged, but ${id} (${n.view.status}, replica of ${key} in [${replicas.join(', ')}]) holds v${holds(n, key)}`;
      }
    }
  }
  return null;
});

export const durability = always<World>('Durability', (w) => {
  const ring = ringOf(w);
  for (const [key, v] of ackedKeys(w)) {
    const replicas = naturalReplicas(ring, key, R(w));
    const failed = replicas.filter((id) => (w.node(id) as NodeView<StorageView>).view.status === 'failed');
    if (failed.length >= R(w)) continue;
    if (!storage(w).some((n) => isLive(n) && holds(n, key) >= v)) {
      return `Durability: ${key} v${v} was acknowledged and only ${failed.length} of its ${R(w)} replicas [${replicas.join(', ')}] failed (${failed.join(', ') || 'none'}), but no live node holds it`;
    }
  }
  return null;
});

export const noTwoPrimaries = always<World>('No Two Primaries', (w) => {
  const ring = router(w).ring;
  const moving = (s: string) => s === 'joining' || s === 'leaving';
  if (Object.values(ring).some(moving) || storage(w).some((n) => moving(n.view.status))) return null;
  const keys = Object.keys(router(w).acked);
  for (const key of keys) {
    const claim = storage(w).filter((n) => isLive(n) && n.view.primary.includes(key)).map((n) => n.id);
    if (claim.length > 1) return `No Two Primaries: at rest, ${claim.join(' and ')} both act as primary of ${key}`;
  }
  return null;
});

export const readsSeeWrites = always<World>('Reads See Acknowledged Writes', (w) => {
  const r = router(w).lastRead;
  return r && r.version < r.min
    ? `Reads See Acknowledged Writes: a read of ${r.key} returned v${r.version} after v${r.min} was acknowledged`
    : null;
});

export const someAck = sometimes<World>('A write is acknowledged', (w) => ackedKeys(w).length > 0);
export const someJoin = sometimes<World>('A node joins', (w) => storage(w).some((n) => n.role === 'joiner' && n.view.status === 'active'));
export const someLeave = sometimes<World>('A node leaves', (w) => storage(w).some((n) => n.view.status === 'left'));
export const someFailure = sometimes<World>('A replica fails', (w) => storage(w).some((n) => n.view.status === 'failed'));
export const someRead = sometimes<World>('A read sees a write', (w) => (router(w).lastRead?.version ?? 0) > 0);

export const membershipInvariants = [readable, durability, noTwoPrimaries, readsSeeWrites];
export const membershipWitnesses = [someAck, someJoin, someLeave, someFailure, someRead];
export const membershipProperties: Property<World>[] = [...membershipInvariants, ...membershipWitnesses];
