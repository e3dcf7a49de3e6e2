/**
 * Messages of the membership protocol. Delivered messages arrive as `{ ...msg, from }`.
 *
 *   storage → router   Join, Ready, Leave, Left, PutAck, GetReply
 *   router → storage   Welcome{fetch}, Depart{handoff}, Busy, Put, Get
 *   storage ↔ storage  Fetch{key, primary} / Data{key, version}        (join handoff, pull)
 *                      Handoff{key, version, primary} / HandoffAck{key} (leave handoff, push)
 */
import type { FetchItem, HandoffItem } from './topology.js';

export type Msg =
  | { type: 'Join' }
  | { type: 'Busy' }
  | { type: 'Welcome'; fetch: FetchItem[] }
  | { type: 'Fetch'; key: string; primary: boolean }
  | { type: 'Data'; key: string; version: number }
  | { type: 'Ready' }
  | { type: 'Leave' }
  | { type: 'Depart'; handoff: HandoffItem[] }
  | { type: 'Handoff'; key: string; version: number; primary: boolean }
  | { type: 'HandoffAck'; key: string }
  | { type: 'Left' }
  | { type: 'Put'; key: string; version: number }
  | { type: 'PutAck'; key: string; version: number }
  | { type: 'Get'; key: string; min: number }
  | { type: 'GetReply'; key: string; version: number; min: number };

/** A delivered message: the message and its sender. */
export type Delivered<T extends Msg['type']> = Extract<Msg, { type: T }> & { from: string };

/** Environment events: the client's writes and reads (router), joins, leaves and failures (storage). */
export type EnvEvent =
  | { type: 'write'; key: string }
  | { type: 'read'; key: string; replica: number }
  | { type: 'join' }
  | { type: 'leave' }
  | { type: 'fail' };

/** The views properties read; models and implementations expose exactly these. */
export interface StorageView {
  status: 'out' | 'joining' | 'active' | 'leaving' | 'left' | 'failed';
  /** Latest version stored per key (absent: never stored). */
  store: Record<string, number>;
  /** Keys this node acts as primary for. */
  primary: string[];
}

export interface RouterView {
  ring: Record<string, 'joining' | 'active' | 'leaving'>;
  /** Latest acknowledged version per key (0: none). */
  acked: Record<string, number>;
  /** The last completed read: what it returned and what had been acknowledged when it began. */
  lastRead: { key: string; version: number; min: number } | null;
}
