/** `distcheck list`: protocols, their implementations (with kind), properties and params. */
import { PROTOCOLS } from '../registry.js';
import { table } from '../report.js';

export function listCommand(flags: { json?: boolean }): number {
  if (flags.json) {
    const out = PROTOCOLS.map((p) => ({
      protocol: p.name,
      summary: p.summary,
      impls: p.impls.map((i) => ({ name: i.name, kind: i.kind, expect: i.expect, ...(i.violates ? { violates: i.violates } : {}), summary: i.summary })),
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
    parts.push(table(rows).replace(/^/gm, '  '), '');
  }
  process.stdout.write(parts.join('\n'));
  return 0;
}
