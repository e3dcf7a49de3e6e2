/** `distcheck list`: protocols, their implementations (with kind), properties and params. */
import { PROTOCOLS } from '../registry.js';
import { paramsText, table } from '../report.js';

export function listCommand(flags: { json?: boolean }): number {
  if (flags.json) {
    const out = PROTOCOLS.map((p) => ({
      protocol: p.name,
      summary: p.summary,
      impls: p.impls.map((i) => ({
        name: i.name, kind: i.kind, expect: i.expect, ...(i.violates ? { violates: i.violates } : {}), summary: i.summary,
        ...(i.params ? { params: i.params } : {}), ...(i.explore ? { explore: i.explore } : {}),
      })),
      properties: p.properties,
      params: p.params,
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const parts: string[] = [];
  for (const p of PROTOCOLS) {
    parts.push(`${p.name} — ${p.summary}`);
    parts.push(`  params: ${p.params.map((x) => `${x.name}=${x.default} (${x.min}..${x.max}, ${x.description})`).join('; ') || '(none)'}`);
    parts.push(`  properties: ${p.properties.join('; ')}`);
    const rows = [['impl', 'kind', 'expect', 'summary'], ...p.impls.map((i) => [i.name, i.kind, i.expect + (i.violates ? `: ${i.violates}` : ''), i.summary])];
    parts.push(table(rows).replace(/^/gm, '  '));
    // Where a variant is checked with other bounds than the protocol's defaults.
    const own = p.impls.filter((i) => i.params || i.explore);
    if (own.length > 0) parts.push("  variants' own bounds (over the params above):");
    for (const i of own) {
      const explore = i.explore ? `; explore: ${[i.explore.params ? paramsText(i.explore.params) : '', i.explore.faults ? paramsText(i.explore.faults) : ''].filter(Boolean).join(' ')}` : '';
      parts.push(`    ${i.name}: ${i.params ? paramsText(i.params) : 'the defaults'}${explore}`);
    }
    parts.push('');
  }
  process.stdout.write(parts.join('\n'));
  return 0;
}
