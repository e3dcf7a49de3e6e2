/**
 * Turning user choices (impl name, --param, --network, fault bounds) into a Model, with a clear
 * UsageError naming what was wrong and what would be right.
 */
import { UsageError } from './errors.js';
import { faultConfig, NETWORKS, type FaultConfig, type NetworkSemantics } from './faults.js';
import type { Model } from './model.js';
import type { ImplEntry, Protocol } from './protocol.js';

export interface ModelChoice {
  impl?: string;
  external?: Record<string, unknown>;
  params?: Record<string, number>;
  network?: string;
  faults?: Partial<FaultConfig>;
  /** Which defaults to start from: explore (usually no faults) or check (the campaign's faults). */
  mode?: 'explore' | 'check';
}

/** The protocol's defaults, then the implementation entry's own (and, for explore, its explore bounds), then `given`, each checked. */
export function resolveParams(protocol: Protocol, given: Record<string, number>, entry: ImplEntry | undefined, mode: 'explore' | 'check'): Record<string, number> {
  const params: Record<string, number> = {};
  for (const p of protocol.params) params[p.name] = p.default;
  Object.assign(params, entry?.params, mode === 'explore' ? entry?.explore?.params : undefined);
  for (const [name, value] of Object.entries(given)) {
    const spec = protocol.params.find((p) => p.name === name);
    if (!spec) {
      throw new UsageError(`unknown parameter '${name}' for ${protocol.name}; valid: ${protocol.params.map((p) => p.name).join(', ') || '(none)'}`);
    }
    if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new UsageError(`parameter ${name}=${value} is out of range for ${protocol.name}: an integer from ${spec.min} to ${spec.max} (${spec.description})`);
    }
    params[name] = value;
  }
  return params;
}

export function resolveNetwork(value: string | undefined, fallback: NetworkSemantics): NetworkSemantics {
  if (value === undefined) return fallback;
  if (!(NETWORKS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown network semantics '${value}'; valid: ${NETWORKS.join(', ')}`);
  }
  return value as NetworkSemantics;
}

export function buildModel(protocol: Protocol, choice: ModelChoice = {}): Model<any, any, any> {
  const impl = choice.impl ?? 'model';
  // A module given by path (external) has no registry entry.
  const entry = choice.external ? undefined : protocol.impls.find((i) => i.name === impl);
  if (!choice.external && !entry) {
    throw new UsageError(`unknown implementation '${impl}' of ${protocol.name}; valid: ${protocol.impls.map((i) => i.name).join(', ')}`);
  }
  const mode = choice.mode ?? 'explore';
  const base = mode === 'check' ? protocol.check.faults : { ...protocol.exploreFaults, ...entry?.explore?.faults };
  const network = resolveNetwork(choice.network, base.network ?? 'set');
  const faults = faultConfig(base, { ...choice.faults, network });
  const params = resolveParams(protocol, choice.params ?? {}, entry, mode);
  return protocol.build({ impl, external: choice.external, params, faults });
}
