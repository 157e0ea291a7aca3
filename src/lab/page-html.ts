// The lab page's markup and style: the course large on the left, the LMS panel beside it. The
// behaviour is the browser bundle lib/lab/lab.js (src/lab/page/), which fills the panel from the
// server's log as it changes.

const STYLE = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--panel:#fff;--accent:#2f5fb3;--bad:#b42318;--bad-bg:#fef3f2;--warn:#8a5a00;--warn-bg:#fffaeb;--ok:#18794e;
  font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column}
.bar{display:flex;align-items:center;gap:.75rem;padding:.5rem 1rem;background:var(--panel);border-bottom:1px solid var(--line);min-height:3rem}
.brand{font-weight:600;color:var(--accent)}
#lab-title{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.badge{font-size:12px;padding:.1rem .5rem;border-radius:999px;background:#e8eefb;color:var(--accent)}
#lab-status{margin-left:auto;color:var(--muted);font-size:13px}
#lab-toggle{display:none}
.lab{flex:1;display:grid;grid-template-columns:minmax(0,1fr) 460px;min-height:0}
.stage{position:relative;min-height:0;padding:.75rem}
#lab-content{width:100%;height:100%;border:1px solid var(--line);border-radius:8px;background:#fff}
.overlay{position:absolute;inset:.75rem;border-radius:8px;background:#fff;border:1px solid var(--line);padding:2rem;overflow:auto}
[hidden]{display:none!important}
#lab-error h2{color:var(--bad);margin:0 0 1rem;font-size:18px}
#lab-error pre{font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bad-bg);color:var(--bad);padding:1rem;border-radius:6px;white-space:pre-wrap;word-break:break-word}
#lab-waiting{color:var(--muted);display:flex;align-items:center;justify-content:center}
aside{background:var(--panel);border-left:1px solid var(--line);overflow:auto;min-height:0}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;padding:.75rem 1rem;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--panel);z-index:1}
button{font:inherit;font-size:13px;white-space:nowrap;padding:.3rem .6rem;border-radius:6px;border:1px solid #cbd2d9;background:#fff;color:var(--ink);cursor:pointer}
button:hover:not(:disabled){border-color:var(--accent);color:var(--accent)}
button:focus-visible,#lab-log:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
button:disabled{opacity:.5;cursor:default}
.pick{display:flex;align-items:center;gap:.4rem;width:100%;font-size:13px;color:var(--muted)}
#lab-launch{font:inherit;color:var(--ink);flex:1;min-width:0;padding:.25rem .4rem;border-radius:6px;border:1px solid #cbd2d9;background:#fff}
#lab-launch:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
aside section{padding:.75rem 1rem;border-bottom:1px solid var(--line)}
aside h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 .5rem;display:flex;align-items:center;gap:.5rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0}
dt{color:var(--muted)}dd{margin:0;word-break:break-word}
.over{color:var(--bad);font-weight:600}
.count{font-size:12px;border-radius:999px;padding:0 .45rem;background:var(--line);color:var(--muted);letter-spacing:0}
.count.bad{background:var(--bad);color:#fff}
ol{margin:0;padding:0;list-style:none}
#lab-problems li{padding:.4rem .5rem;border-radius:6px;margin-bottom:.35rem;font-size:13px}
#lab-problems li.error{background:var(--bad-bg);color:var(--bad)}
#lab-problems li.warning{background:var(--warn-bg);color:var(--warn)}
.none{color:var(--muted);font-size:13px}
table{width:100%;border-collapse:collapse;font-size:12.5px}
th{text-align:left;color:var(--muted);font-weight:500}
th,td{padding:.2rem .3rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th:nth-child(n+2),td:nth-child(2),td:nth-child(4){white-space:nowrap}
td.correct{color:var(--ok)}td.wrong,td.incorrect{color:var(--bad)}
.mono,#lab-log{font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#lab-log{max-height:45vh;overflow:auto}
#lab-log li{padding:.1rem .25rem;border-radius:4px;overflow-wrap:anywhere}
#lab-log li.session{font:600 12px system-ui,sans-serif;color:var(--muted);margin-top:.5rem}
#lab-log li.bad{background:var(--bad-bg);color:var(--bad)}
#lab-log .res{color:var(--muted)}
@media (max-width:900px){
  .lab{grid-template-columns:1fr;grid-template-rows:minmax(60vh,1fr) auto}
  #lab-toggle{display:inline-block}
  aside{border-left:0;border-top:1px solid var(--line);max-height:50vh}
  aside.collapsed{display:none}
}
`

/** The page; `token` (hex) is the per-run secret its requests that change the attempt carry. */
export function labPageHtml(token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="lab-token" content="${token}">
<title>coursepack preview</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body>
<header class="bar">
  <span class="brand">coursepack preview</span><span id="lab-title"></span><span id="lab-target" class="badge" hidden></span>
  <span id="lab-status" role="status" aria-live="polite">Connecting…</span>
  <button id="lab-toggle" type="button" aria-expanded="true" aria-controls="lab-panel">Panel</button>
</header>
<main class="lab">
  <section class="stage" aria-label="Course">
    <iframe id="lab-content" title="Course" src="about:blank"></iframe>
    <div id="lab-waiting" class="overlay">Waiting for the course…</div>
    <div id="lab-error" class="overlay" role="alert" hidden><h2>The course has errors</h2><pre id="lab-error-text"></pre><p>Fix the file and save it: the preview rebuilds and reloads by itself.</p></div>
  </section>
  <aside id="lab-panel" aria-label="LMS panel">
    <div class="actions">
      <div class="pick" hidden><label id="lab-launch-label" for="lab-launch">SCO</label><select id="lab-launch" disabled></select></div>
      <button id="lab-restart" type="button" disabled>Restart attempt</button>
      <button id="lab-relaunch" type="button" disabled>Leave and relaunch</button>
      <button id="lab-review" type="button" disabled>Relaunch in review</button>
      <button id="lab-download" type="button">Download data</button>
    </div>
    <section aria-labelledby="lab-h-attempt"><h2 id="lab-h-attempt">Attempt <span id="lab-attempt"></span></h2><dl id="lab-summary"></dl></section>
    <section aria-labelledby="lab-h-problems"><h2 id="lab-h-problems">Problems <span id="lab-problem-count" class="count">0</span></h2><ol id="lab-problems"></ol></section>
    <section aria-labelledby="lab-h-interactions"><h2 id="lab-h-interactions">Interactions</h2><div id="lab-interactions"></div></section>
    <section aria-labelledby="lab-h-log"><h2 id="lab-h-log">Log</h2><ol id="lab-log" tabindex="0" aria-labelledby="lab-h-log"></ol></section>
  </aside>
</main>
<script src="/lab/lab.js"></script>
</body></html>
`
}
