/**
 * Short human forms of the JSON a trace holds (messages, actions, node views), shared by every
 * renderer. Contract: deterministic, one line, no trailing spaces; `max` bounds a label's length
 * (an ellipsis marks a cut), views are never cut (a step listing must show the whole view).
 */
import type { Json } from '../engine/canonical.js';

const BARE = /^[A-Za-z0-9_.:@/+-]+$/;

/** A value in a compact, quote-light form: `[1,2]`, `{term:2,v:x}`, `'two words'`. */
export function compact(v: Json | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v !== '' && BARE.test(v) ? v : `'${v.replace(/\n/g, '\\n')}'`;
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return '[' + v.map(compact).join(',') + ']';
  return '{' + Object.keys(v).map((k) => `${k}:${compact(v[k])}`).join(',') + '}';
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(1, max - 1)) + '…';
}

/** A message's type followed by its other fields: `AppendEntries(term=2, prev=1)`. */
export function msgLabel(msg: Json, max = 60): string {
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return cut(compact(msg), max);
  const type = typeof msg.type === 'string' ? msg.type : '';
  const rest = Object.keys(msg).filter((k) => k !== 'type' && msg[k] !== undefined);
  if (!type) return cut(compact(msg), max);
  if (rest.length === 0) return cut(type, max);
  return cut(`${type}(${rest.map((k) => `${k}=${compact(msg[k])}`).join(', ')})`, max);
}

/** The message type alone (for colours and legends); '' when the message has none. */
export function msgType(msg: Json): string {
  return msg && typeof msg === 'object' && !Array.isArray(msg) && typeof msg.type === 'string' ? msg.type : '';
}

/** A node view on one line: `term=2 role=leader log=[1,1,2] commitIndex=1`. */
export function viewLine(view: Json): string {
  if (view && typeof view === 'object' && !Array.isArray(view)) {
    const keys = Object.keys(view);
    if (keys.length === 0) return '{}';
    return keys.map((k) => `${k}=${compact(view[k])}`).join(' ');
  }
  return compact(view);
}

/** Top-level fields of a view whose value differs from the previous view's (all when none). */
export function changedFields(prev: Json | undefined, next: Json): Set<string> {
  const out = new Set<string>();
  if (!next || typeof next !== 'object' || Array.isArray(next)) return out;
  const p = prev && typeof prev === 'object' && !Array.isArray(prev) ? prev : {};
  for (const k of Object.keys(next)) if (JSON.stringify(p[k]) !== JSON.stringify(next[k])) out.add(k);
  return out;
}

/** Partition sides as `{tm, rm1} | {rm2}`. */
export function sidesLabel(sides: Json): string {
  if (!Array.isArray(sides)) return compact(sides);
  return sides.map((s) => (Array.isArray(s) ? `{${s.map((x) => compact(x)).join(', ')}}` : compact(s))).join(' | ');
}

/** Event of an env action without its `type` key shown twice: `request(key=k1)`. */
export function eventLabel(event: Json, max = 60): string {
  return msgLabel(event, max);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `Property: message`, without repeating the property when the message already starts with it. */
export function violationText(v: { property: string; message: string }): string {
  return v.message.startsWith(v.property) ? v.message : `${v.property}: ${v.message}`;
}

/** Messages a step sent, equal ones grouped: `Prepared to tm; Abort to rm1, rm2`. */
export function sendsText(sent: readonly { to: string; msg: Json }[], max = 60): string {
  const groups = new Map<string, string[]>();
  for (const m of sent) {
    const label = msgLabel(m.msg, max);
    const g = groups.get(label);
    if (g) g.push(m.to);
    else groups.set(label, [m.to]);
  }
  return [...groups].map(([label, to]) => `${label} to ${to.join(', ')}`).join('; ');
}

/** The violation message without a leading `Property: ` (for places that show the property apart). */
export function violationBody(v: { property: string; message: string }): string {
  return v.message.startsWith(v.property + ': ') ? v.message.slice(v.property.length + 2) : v.message;
}
