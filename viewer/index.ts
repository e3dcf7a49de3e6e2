/**
 * Trace renderers: `text` for terminals (and `replay --step`), Mermaid `sequenceDiagram`,
 * a ShiViz log, and a self-contained HTML space-time diagram. Each takes a validated Trace
 * (engine/trace.ts `readTrace` / `parseTrace`) and returns a string.
 */
export { renderText, type TextOptions } from './text.js';
export { renderMermaid } from './mermaid.js';
export { renderShiviz, SHIVIZ_REGEX } from './shiviz.js';
export { renderHtml } from './html.js';
export { buildTimeline, type Timeline, type Arc, type Row, type Lane } from './timeline.js';
