/** The reference Raft server: Figure 2 with the reference rules. Expected to pass every check. */
import { raftServer } from './server.js';

export const reference = raftServer();
