/**
 * Recovery from a log, for role machines.
 *
 * The engine's machine adapter restarts a node in its machine's initial state with its durable
 * context fields (engine/machineRole.ts). A 2PC node instead recovers by reading its log: a
 * prepared RM comes back prepared, a TM with a commit record comes back committed. `recovering`
 * keeps the adapter's restart (initial context plus durable fields) and then resolves the state
 * value the log implies, so the machine's states keep their meaning after a crash and no state
 * needs guards for "maybe I was recovered".
 *
 * Wanted engine change (reported): an optional `recover(context) => state value` in
 * MachineRoleSpec would make this wrapper unnecessary.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { RoleLogic } from '../../engine/role.js';

export function recovering<C>(
  role: RoleLogic<AnyMachineSnapshot>,
  machine: AnyStateMachine,
  recover: (context: C) => string,
): RoleLogic<AnyMachineSnapshot> {
  return {
    ...role,
    restart(snapshot, ctx) {
      const fresh = role.restart(snapshot, ctx);
      return machine.resolveState({ value: recover(fresh.context as C), context: fresh.context });
    },
  };
}
