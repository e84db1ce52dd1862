// The stylesheet of the server-rendered pages and the demo newsroom.
export const STYLES = `
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#dadce0;--accent:#0b57d0;--bg:#fff;--soft:#f6f7f9;--error:#b3261e;font-family:Georgia,"Times New Roman",serif;color:var(--ink);background:var(--bg)}
body{margin:0;line-height:1.55}
.masthead{border-bottom:3px double var(--ink);padding:1rem;text-align:center}
.masthead>a{color:inherit;text-decoration:none;font-size:2rem;font-weight:bold;letter-spacing:.02em}
.masthead nav a{color:inherit}
.masthead nav{font-family:system-ui,sans-serif;font-size:.85rem;color:var(--muted)}
.page{max-width:42rem;margin:0 auto;padding:1rem}
.dateline{font-family:system-ui,sans-serif;color:var(--muted);font-size:.85rem}
.article h1{font-size:2rem;line-height:1.2;margin:.5rem 0}
.front li{margin:.75rem 0}.front .count{font-family:system-ui,sans-serif;font-size:.85rem;color:var(--muted)}
.parley{font-family:system-ui,sans-serif;border-top:1px solid var(--line);margin-top:2rem;padding-top:1rem}
.parley ol{list-style:none;padding:0;margin:0}
.parley-children{margin-left:1.25rem!important;border-left:2px solid var(--line);padding-left:.75rem!important}
.parley-comment{padding:.75rem 0}
.parley-comment header{display:flex;align-items:center;gap:.5rem;flex-wrap:wrap}
.parley-avatar{border-radius:50%;width:40px;height:40px;display:inline-flex;align-items:center;justify-content:center;font-weight:700;color:#fff;flex:none}
${Array.from({ length: 12 }, (_, i) => `.parley-av${i}{background:hsl(${i * 30} 45% 31%)}`).join('\n')}
.parley-time{color:var(--muted);font-size:.8rem}
.parley-badge{font-size:.8em;padding:0 .4em;border:1px solid currentColor;border-radius:.6em}
.parley-body{overflow-wrap:anywhere}.parley-body pre{overflow:auto;background:var(--soft);padding:.5rem}
.parley-pending{background:#fff8e1;padding:.5rem}
.parley-awaiting,.parley-notice{font-weight:600}
.parley-removed{color:var(--muted);font-style:italic}
.parley-form label{display:block;font-weight:600}
.parley-form input,.parley-form textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid var(--muted);border-radius:4px;font:inherit}
.parley-form :focus-visible,.parley a:focus-visible,.parley-submit:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.parley-invalid input,.parley-invalid textarea{border-color:var(--error)}
.parley-error,.parley-form-error{color:var(--error)}
.required{color:var(--error)}
.parley-sr{position:absolute;left:-9999px}
.parley-hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.parley-submit{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;font:inherit;cursor:pointer}
.privacy h2{font-size:1.2rem}
`;
