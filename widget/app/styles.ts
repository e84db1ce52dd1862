// The widget's stylesheet, adopted by its shadow root (a constructed sheet: no <style> element,
// so a host page's strict style-src does not have to allow inline styles).
// Box sizes match the server-rendered section's (src/server/pages/styles.ts) so that enhancing
// it moves nothing on the page. Colours come from documented custom properties (docs/widget.md).
const hues = Array.from({ length: 12 }, (_, i) => `.parley-av${i}{background:hsl(${i * 30} 45% 31%)}`).join('');

export const CSS = `
:host{display:block;color:var(--parley-text);background:var(--parley-bg);font-family:var(--parley-font,inherit);
--a:var(--parley-accent,#0b57d0);--m:var(--parley-muted,#5f6368);--l:var(--parley-line,#dadce0);--e:var(--parley-error,#b3261e);
--s:var(--parley-soft,#f6f7f9);--p:var(--parley-pending,#fff8e1);--o:var(--parley-on-accent,#fff);--r:var(--parley-radius,4px)}
:host([data-parley-theme=dark]),:host([theme=dark]){--parley-text:#e8eaed;--parley-bg:#202124;--a:var(--parley-accent,#8ab4f8);--m:var(--parley-muted,#bdc1c6);
--l:var(--parley-line,#5f6368);--e:var(--parley-error,#f28b82);--s:var(--parley-soft,#303134);--p:var(--parley-pending,#3c3320);--o:var(--parley-on-accent,#202124)}
@media (prefers-color-scheme:dark){:host([data-parley-theme=auto]),:host([theme=auto]){--parley-text:#e8eaed;--parley-bg:#202124;--a:var(--parley-accent,#8ab4f8);
--m:var(--parley-muted,#bdc1c6);--l:var(--parley-line,#5f6368);--e:var(--parley-error,#f28b82);--s:var(--parley-soft,#303134);--p:var(--parley-pending,#3c3320);--o:var(--parley-on-accent,#202124)}}
a{color:var(--a)}
ol{list-style:none;padding:0;margin:0}
.parley-children{margin-left:1.25rem;border-left:2px solid var(--l);padding-left:.75rem}
.parley-comment{padding:.75rem 0}
.parley-comment header{display:flex;align-items:center;gap:.5rem;flex-wrap:wrap}
.parley-avatar{border-radius:50%;width:40px;height:40px;display:inline-flex;align-items:center;justify-content:center;font-weight:700;color:#fff;flex:none}
${hues}
.parley-time{color:var(--m);font-size:.8rem}
.parley-edited{color:var(--m)}
.parley-badge{font-size:.8em;padding:0 .4em;border:1px solid currentColor;border-radius:.6em}
.parley-body{overflow-wrap:anywhere}.parley-body pre{overflow:auto;background:var(--s);padding:.5rem}
.parley-pending{background:var(--p);padding:.5rem}
.parley-awaiting,.parley-notice{font-weight:600}
.parley-removed{color:var(--m);font-style:italic}
.parley-new>.parley-comment{animation:parley-in 2s ease-out}
@keyframes parley-in{from{background:var(--s)}}
@media (prefers-reduced-motion:reduce){.parley-new>.parley-comment{animation:none}}
footer{display:flex;gap:1rem;flex-wrap:wrap}
button{font:inherit;color:inherit}
.parley-link{background:none;border:0;padding:0;color:var(--a);text-decoration:underline;cursor:pointer}
.parley-form label,.parley-edit label{display:block;font-weight:600}
.parley-form .parley-check label{display:inline;font-weight:400}
input,textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid var(--m);border-radius:var(--r);font:inherit;color:inherit;background:var(--parley-bg,#fff)}
input[type=checkbox]{width:auto;margin:0 .5rem 0 0;accent-color:var(--a)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
[tabindex="-1"]:focus{outline:none}[tabindex="-1"]:focus-visible{outline:3px solid var(--a)}
.parley-invalid input,.parley-invalid textarea{border-color:var(--e)}
.parley-error,.parley-form-error{color:var(--e)}
.parley-form-error:empty{display:none}
.required{color:var(--e)}
.parley-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.parley-submit{background:var(--a);color:var(--o);border:0;border-radius:var(--r);padding:.6rem 1.2rem;cursor:pointer}
.parley-submit:disabled{opacity:.7;cursor:progress}
.parley-item .parley-respond{margin:0 0 1rem}
`;

let sheet: CSSStyleSheet | null = null;

export function applyStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    // Browsers before constructed sheets (Safari < 16.4): a <style>, which a strict style-src blocks.
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}
