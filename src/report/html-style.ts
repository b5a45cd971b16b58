/** The report's stylesheet: readable on a laptop, prints on A4/Letter without the navigation. */
export const REPORT_CSS = `
:root { --fg:#1c2833; --muted:#5d6d7e; --line:#d5d8dc; --bad:#c0392b; --warn:#b9770e; --ok:#1e8449; --grey:#7f8c8d; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1100px; padding: 0 24px 48px; }
header { border-bottom: 1px solid var(--line); padding: 12px 0; }
h1 { margin: 8px 0 0; font-size: 26px; } h1 small { color: var(--muted); font-weight: normal; font-size: 16px; }
h2 { margin-top: 36px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; } h4 { margin: 4px 0; font-size: 14px; }
.meta { color: var(--muted); margin: 2px 0 8px; }
nav { font-size: 14px; } nav a { color: #1f618d; }
.lead { font-size: 18px; }
.banner { padding: 10px 14px; border-radius: 4px; margin: 8px 0; }
.banner.synthetic { background: #fdebd0; border-left: 5px solid var(--warn); }
.banner.note { background: #eaf2f8; border-left: 5px solid #2e86c1; }
.banner.errors { background: #fadbd8; border-left: 5px solid var(--bad); }
.warn { color: var(--warn); } .err { color: var(--bad); }
.verdict { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: bold; white-space: nowrap; border: 1px solid currentColor; }
.v-disproportionate { color: var(--bad); } .v-inconclusive { color: var(--warn); }
.v-within-tolerance { color: var(--ok); } .v-insufficient-data, .v-baseline { color: var(--grey); }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 13px; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
td small { color: var(--muted); }
tr.o-failure td:first-child, tr.o-error td:first-child { color: var(--bad); font-weight: bold; }
tr.o-warn td:first-child, tr.o-skipped td:first-child { color: var(--warn); }
figure { margin: 18px 0 28px; break-inside: avoid; } figcaption { font-size: 13px; color: var(--muted); margin-bottom: 6px; }
figure svg { max-width: 100%; height: auto; }
.example { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 12px 0; break-inside: avoid; }
.sides { display: flex; flex-wrap: wrap; gap: 18px; } .side { flex: 1 1 420px; }
audio { width: 100%; max-width: 420px; height: 36px; }
.ref { font-style: italic; margin: 4px 0; } .params { font-size: 12px; color: var(--muted); }
.diff { line-height: 2; }
.w del { color: var(--bad); text-decoration: line-through; background: #fadbd8; padding: 0 2px; }
.w ins { color: #145a32; text-decoration: underline; background: #d5f5e3; padding: 0 2px; }
.w.sub del::after { content: "→"; color: var(--muted); text-decoration: none; display: inline-block; padding-left: 2px; }
.w.ins ins::before { content: "+"; }
.legend { font-size: 13px; color: var(--muted); }
dl.run dt, dl.methods dt { font-weight: bold; margin-top: 8px; } dl.run dd, dl.methods dd { margin-left: 18px; }
pre { background: #f4f6f7; padding: 8px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
code { font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, audio { display: none; }
  h2 { break-after: avoid; } table, figure, .example { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
