/** Named bug variants of `twophase-net`, each the reference with one rule changed. */
export { majorityCommit } from './majorityCommit.js';
export { timeoutCountsAsYes } from './timeoutCountsAsYes.js';
export { preparedTimeoutAborts } from './preparedTimeoutAborts.js';
export { unpersistedVote } from './unpersistedVote.js';
export { forgetfulCoordinator } from './forgetfulCoordinator.js';
