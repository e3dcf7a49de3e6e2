/**
 * Protocol definitions: what the registry lists and the CLI runs. A protocol names its
 * parameters (with bounds, so bad values get a clear error), its implementations (the model
 * itself, a reference implementation, bug variants, seed ports) and how to build a Model for a
 * chosen implementation, parameters and fault configuration.
 */
import type { Json } from './canonical.js';
import type { FaultConfig } from './faults.js';
import type { Model } from './model.js';

export type ImplKind = 'model' | 'reference' | 'bug' | 'seed';

export interface ParamSpec {
  name: string;
  description: string;
  default: number;
  min: number;
  max: number;
}

export interface ImplEntry {
  name: string;
  kind: ImplKind;
  summary: string;
  /** The verdict the default campaign should give: bug and seed variants are expected caught. */
  expect: 'ok' | 'violated';
  /** Property a bug variant is expected to violate (documentation and tests). */
  violates?: string;
  /** Parameters the variant needs to show its bug, overriding the protocol defaults. */
  params?: Record<string, number>;
  /**
   * Where `explore` needs other bounds than a campaign (`params`, the protocol's exploreFaults):
   * its parameters and faults, over those. A campaign samples a large configuration; an
   * exhaustive search must stay small enough to finish.
   */
  explore?: { params?: Record<string, number>; faults?: Partial<FaultConfig> };
}

export interface CampaignDefaults {
  /** Fault configuration of the default campaign. */
  faults: Partial<FaultConfig>;
  /** fast-check runs. */
  runs: number;
  /** Upper bound of a run's length in actions. */
  maxSteps: number;
}

export interface Protocol {
  name: string;
  summary: string;
  params: ParamSpec[];
  impls: ImplEntry[];
  /** Names of the properties checked. */
  properties: string[];
  /** Faults of `explore` by default (usually none beyond the network semantics). */
  exploreFaults: Partial<FaultConfig>;
  check: CampaignDefaults;
  /** Build the model for this implementation (`external` when --impl is a module path). */
  build(options: BuildOptions): Model<any, any, any>;
}

export interface BuildOptions {
  impl: string;
  /** A user-supplied implementation module's exports, when --impl is a path. */
  external?: Record<string, unknown>;
  params: Record<string, number>;
  faults: FaultConfig;
}

export interface RegistryEntryJson {
  protocol: string;
  summary: string;
  impls: { name: string; kind: ImplKind; expect: string; violates?: string; summary: string }[];
  properties: string[];
  params: { name: string; default: number; min: number; max: number; description: string }[];
  [k: string]: Json | undefined;
}
