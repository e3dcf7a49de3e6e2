/**
 * One worker of the parallel explorer (engine/parallel.ts). It owns the states whose
 * fingerprint is ≡ its index (mod workers): it alone deduplicates, judges and expands them.
 * Successors owned by a peer leave as (fingerprint, frontier index, action index) triples; the
 * owner answers which are new, and only those are built and shipped (engine/cluster.ts wire
 * encoding), so traffic is proportional to new states, not to generated ones.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FingerprintSet } from './fpset.js';
import { ImplementationError, NO_EXCEPTION } from './model.js';
import { violationOf, type Property } from './properties.js';
import type { ClusterModel, WireMap, WirePacket, WireSent } from './cluster.js';
import type { ModelFactory } from './parallel.js';

const { factory, index: me, workers, symmetry } = workerData as { factory: ModelFactory; index: number; workers: number; symmetry: boolean };
const mod = (await import(factory.module)) as Record<string, (...a: unknown[]) => unknown>;
const model = (await mod[factory.export](...factory.args)) as ClusterModel;
if (typeof model.wireEncode !== 'function') throw new Error('parallel exploration needs a cluster model');

const always = model.properties.filter((p): p is Property<unknown> & { kind: 'always' } => p.kind === 'always');
const sometimes = model.properties.filter((p) => p.kind === 'sometimes');
const witnessed: Record<string, boolean> = Object.fromEntries(sometimes.map((p) => [p.name, false]));
const seen = new FingerprintSet(1 << 16);
const sent: WireSent[] = Array.from({ length: workers }, () => ({ locals: new Set(), msgs: new Set(), ghosts: new Set() }));
const maps: WireMap[] = Array.from({ length: workers }, () => ({ locals: [], msgs: [], ghosts: [] }));
const fp = new Uint32Array(2);
const actions: number[] = [];
const parentFp = new Uint32Array(2);
let frontier: Int32Array[] = [];
let next: Int32Array[] = [];
let outgoing: number[][] = [];
let generated = 0;
const canon = (w: Int32Array) => (symmetry ? model.canonicalize(w) : w);

type Found = { property: string; message: string } | null;

function judge(w: Int32Array): Found {
  const world = model.view(w);
  for (const p of sometimes) if (!witnessed[p.name] && p.check(world)) witnessed[p.name] = true;
  for (const p of always) {
    const message = violationOf(p, world);
    if (message !== null) return { property: p.name, message };
  }
  return null;
}

function accept(w: Int32Array): Found {
  const v = judge(w);
  next.push(w);
  return v;
}

function init(): Found {
  for (const s of model.initialStates()) {
    const w = canon(s);
    model.fingerprint(w, fp);
    if (fp[1] % workers !== me || !seen.add(fp[0], fp[1])) continue;
    const v = accept(w);
    if (v) return v;
  }
  return null;
}

function expand(): Found {
  outgoing = Array.from({ length: workers }, () => []);
  const fast = !symmetry;
  for (let fi = 0; fi < frontier.length; fi++) {
    const s = frontier[fi];
    let fps: Uint32Array | null = null;
    if (fast) {
      model.fingerprint(s, parentFp);
      fps = model.successors(s, parentFp, actions);
    }
    if (!fps) model.actions(s, actions);
    for (let ai = 0; ai < actions.length; ai++) {
      let t: Int32Array | undefined;
      if (fps) {
        fp[0] = fps[2 * ai];
        fp[1] = fps[2 * ai + 1];
      } else {
        try {
          t = canon(model.next(s, actions[ai]));
        } catch (e) {
          if (e instanceof ImplementationError) return { property: NO_EXCEPTION, message: e.message };
          throw e;
        }
        model.fingerprint(t, fp);
      }
      generated++;
      const owner = fp[1] % workers;
      if (owner !== me) {
        outgoing[owner].push(fp[0], fp[1], fi, ai);
        continue;
      }
      if (!seen.add(fp[0], fp[1])) continue;
      const v = accept(t ?? canon(model.next(s, actions[ai])));
      if (v) return v;
    }
  }
  return null;
}

function dedupe(cand: Int32Array): Int32Array {
  const acc: number[] = [];
  for (let p = 0; p * 4 < cand.length; p++) if (seen.add(cand[4 * p], cand[4 * p + 1])) acc.push(p);
  return Int32Array.from(acc);
}

function materialize(owner: number, acc: Int32Array): WirePacket {
  const cand = outgoing[owner];
  const worlds: Int32Array[] = [];
  // Candidates were generated in frontier order, so accepted ones of a state are adjacent:
  // list each state's actions once.
  let fi = -1;
  let actions: number[] = [];
  for (const p of acc) {
    if (cand[4 * p + 2] !== fi) {
      fi = cand[4 * p + 2];
      actions = model.actions(frontier[fi]);
    }
    worlds.push(canon(model.next(frontier[fi], actions[cand[4 * p + 3]])));
  }
  return model.wireEncode(worlds, sent[owner]);
}

function receive(from: number, packet: WirePacket): Found {
  for (const w of model.wireDecode(packet, maps[from])) {
    const v = accept(w);
    if (v) return v;
  }
  return null;
}

parentPort!.on('message', (msg: { id: number; op: string; [k: string]: any }) => {
  let reply: Record<string, unknown> = {};
  switch (msg.op) {
    case 'init':
      reply = { violation: init() };
      break;
    case 'expand': {
      const violation = expand();
      reply = { violation, cands: outgoing.map((c) => Int32Array.from(c)) };
      break;
    }
    case 'dedupe':
      reply = { acc: dedupe(msg.cand) };
      break;
    case 'materialize':
      reply = { packet: materialize(msg.owner, msg.acc) };
      break;
    case 'receive':
      reply = { violation: receive(msg.from, msg.packet) };
      break;
    case 'advance':
      frontier = next;
      next = [];
      outgoing = [];
      reply = { frontier: frontier.length };
      break;
    case 'stats':
      reply = { distinct: seen.size, generated, witnessed };
      break;
  }
  parentPort!.postMessage({ id: msg.id, ...reply });
});
parentPort!.postMessage({ id: 0, ready: true });
