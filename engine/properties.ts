/**
 * Properties, after stateright: `always` invariants that must hold in every reachable state, and
 * `sometimes` witnesses that must hold in at least one, so that a run which never reaches the
 * interesting states is reported as vacuous rather than as a pass.
 *
 * An `always` check returns `true`, `null` or `undefined` when it holds, and `false` or a message
 * explaining the violation (naming the nodes and values involved) when it does not.
 */
export type CheckResult = boolean | string | null | undefined;

export type Property<W> =
  | { kind: 'always'; name: string; check: (world: W) => CheckResult }
  | { kind: 'sometimes'; name: string; check: (world: W) => boolean };

export function always<W>(name: string, check: (world: W) => CheckResult): Property<W> {
  return { kind: 'always', name, check };
}

export function sometimes<W>(name: string, check: (world: W) => boolean): Property<W> {
  return { kind: 'sometimes', name, check };
}

/** The violation message of an `always` property in this world, or null when it holds. */
export function violationOf<W>(p: Property<W> & { kind: 'always' }, world: W): string | null {
  const r = p.check(world);
  if (r === true || r === null || r === undefined) return null;
  if (r === false) return `${p.name} does not hold`;
  return r;
}

/** First violated `always` property, or null. */
export function firstViolation<W>(
  props: readonly Property<W>[],
  world: W,
): { property: string; message: string } | null {
  for (const p of props) {
    if (p.kind !== 'always') continue;
    const message = violationOf(p, world);
    if (message !== null) return { property: p.name, message };
  }
  return null;
}
