/**
 * Builds a Protocol (engine/protocol.ts) for a cluster of role machines, where implementations
 * plug in per role through the public contract (engine/implementation.ts).
 */
import { ClusterModel, type ClusterView, type GhostSpec } from './cluster.js';
import { implRole } from './implementation.js';
import type { Implementation, NodeImplementation } from './implementation.js';
import { isNodeImplementation } from './implementation.js';
import type { CampaignDefaults, ImplEntry, ParamSpec, Protocol } from './protocol.js';
import type { FaultConfig } from './faults.js';
import type { Property } from './properties.js';
import type { RoleLogic } from './role.js';
import { UsageError } from './errors.js';

export interface ClusterImplEntry extends ImplEntry {
  /** Role implementations; absent for the model itself. Roles left out use the model's machines. */
  roles?: Implementation;
}

export interface ClusterProtocolDef<G = any> {
  name: string;
  summary: string;
  params: ParamSpec[];
  /** Node ids and roles for these params. */
  nodes(params: Record<string, number>): { id: string; role: string }[];
  /** The model's role machines (machineRole adapters). */
  roles(params: Record<string, number>): Record<string, RoleLogic<any>>;
  impls: ClusterImplEntry[];
  properties: readonly Property<ClusterView<any, G>>[];
  ghost?: GhostSpec<G>;
  /** Groups of interchangeable node ids for `--symmetry` (see engine/symmetry.ts). */
  symmetry?: (params: Record<string, number>) => string[][];
  exploreFaults?: Partial<FaultConfig>;
  check: CampaignDefaults;
}

export function clusterProtocol<G>(def: ClusterProtocolDef<G>): Protocol {
  const modelEntry = def.impls.find((i) => i.kind === 'model');
  if (!modelEntry) throw new Error(`protocol ${def.name}: the impl list must include the model itself (kind 'model')`);
  return {
    name: def.name,
    summary: def.summary,
    params: def.params,
    impls: def.impls.map(({ roles: _roles, ...entry }) => entry),
    properties: def.properties.map((p) => p.name),
    exploreFaults: def.exploreFaults ?? {},
    check: def.check,
    build({ impl, external, params, faults }) {
      const roles = { ...def.roles(params) };
      const overrides = external ? externalRoles(external, Object.keys(roles), impl) : def.impls.find((i) => i.name === impl)?.roles;
      if (!external && !def.impls.some((i) => i.name === impl)) {
        throw new UsageError(`unknown implementation '${impl}' of ${def.name}; valid: ${def.impls.map((i) => i.name).join(', ')}`);
      }
      for (const [role, code] of Object.entries(overrides ?? {})) roles[role] = implRole(role, code);
      return new ClusterModel<G>({
        protocol: def.name, impl, params, faults: faults as FaultConfig,
        nodes: def.nodes(params), roles, properties: def.properties, ghost: def.ghost, symmetry: def.symmetry?.(params),
      });
    },
  };
}

/** Role implementations from a user module: named exports per role, or `implementation`/default. */
function externalRoles(mod: Record<string, unknown>, roleNames: string[], path: string): Implementation {
  const container = (mod.implementation ?? mod.default ?? mod) as Record<string, unknown>;
  const found: Implementation = {};
  for (const role of roleNames) {
    const candidate = container[role];
    if (candidate === undefined) continue;
    if (!isNodeImplementation(candidate)) {
      throw new UsageError(`${path}: export '${role}' is not a node implementation (needs init, handle and view functions)`);
    }
    found[role] = candidate as NodeImplementation;
  }
  if (Object.keys(found).length === 0) {
    throw new UsageError(`${path}: exports no implementation of any role; export one or more of: ${roleNames.join(', ')} (or an 'implementation' object with those keys)`);
  }
  return found;
}
