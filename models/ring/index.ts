/** The ring protocols: membership change with handoff (`ring`) and placement schemes (`ring-placement`). */
export { ring } from './protocol.js';
export { ringPlacement } from './placementProtocol.js';
