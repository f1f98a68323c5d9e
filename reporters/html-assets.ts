/**
 * The report's inline stylesheet and script. Static text: no run data is ever interpolated here (data lives
 * in escaped HTML and data-* attributes), so a hostile body cannot break out of <style> or <script>.
 * No external URL anywhere: the report must open offline and make no network request.
 */

export const REPORT_CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#6e7781;--harness:#8250df;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa;--bg:#fff}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:0 16px 48px}
h2{font-size:19px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
code,pre,kbd{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
pre{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:2px 0 10px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;max-height:30em;overflow:auto}
p{margin:6px 0}
.muted{color:var(--muted)}
.banner{color:#fff;padding:18px 0 16px}
.banner-inner{max-width:1100px;margin:0 auto;padding:0 16px}
.banner.conformant{background:var(--pass)}
.banner.non-conformant{background:var(--fail)}
.banner.harness{background:var(--harness)}
.verdict{font-size:30px;font-weight:700;letter-spacing:.03em;line-height:1.2;margin:0}
.tag{display:inline-block;font-size:13px;font-weight:600;letter-spacing:.04em;background:rgba(0,0,0,.28);border-radius:4px;padding:2px 8px;margin-left:8px;vertical-align:middle}
.banner .target{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:14px;overflow-wrap:anywhere;margin:6px 0 0}
.banner .sub{margin:4px 0 0;opacity:.95}
.banner .problems{margin:6px 0 0;font-size:14px;overflow-wrap:anywhere}
.banner .problems a{color:#fff;white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:10px 24px;margin:16px 0 0}
.facts>div{min-width:0}
.facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.facts dd{margin:0;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.badge{display:inline-block;min-width:3.6em;text-align:center;font-size:12px;font-weight:700;letter-spacing:.04em;border-radius:4px;padding:1px 6px;color:#fff;background:var(--skip)}
.badge.s-pass{background:var(--pass)}.badge.s-fail{background:var(--fail)}.badge.s-warn{background:var(--warn)}.badge.s-skip{background:var(--skip)}
.level{font-size:11px;font-weight:700;letter-spacing:.05em;border:1px solid currentColor;border-radius:3px;padding:0 4px;color:var(--muted)}
.level.must{color:var(--fg)}
.alert{border:1px solid var(--line);border-left:4px solid var(--harness);border-radius:6px;padding:8px 12px;margin:16px 0;background:#fbf8ff}
.alert.stale{border-left-color:var(--fail);background:#fff8f8}
.alert.interrupted{border-left-color:var(--warn);background:#fffbf0}
.alert ul{margin:4px 0;padding-left:20px}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
td code{overflow-wrap:break-word}
th{white-space:nowrap}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.controls{position:sticky;top:0;z-index:2;background:var(--bg);display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;padding:8px 0;border-bottom:1px solid var(--line)}
.controls label{white-space:nowrap;cursor:pointer}
.controls input[type=search]{flex:1 1 220px;min-width:0;font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px}
.controls button{font:inherit;font-size:13px;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:var(--code);cursor:pointer}
#shown{color:var(--muted);font-size:13px}
.req{border:1px solid var(--line);border-left:5px solid var(--skip);border-radius:6px;margin:6px 0;min-width:0;scroll-margin-top:64px}
.exchange{scroll-margin-top:64px}
.req[hidden]{display:none}
.req.s-pass{border-left-color:var(--pass)}.req.s-fail{border-left-color:var(--fail)}.req.s-warn{border-left-color:var(--warn)}
.req>summary{cursor:pointer;list-style:none;padding:7px 10px;display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 10px}
.req>summary::-webkit-details-marker{display:none}
.req>summary::before{content:"\\25B8";color:var(--muted);width:1em}
.req[open]>summary::before{content:"\\25BE"}
.req .rid{font-weight:700;overflow-wrap:anywhere}
.req .title{flex:1 1 20em;min-width:0}
.req .summary-msg{flex:1 0 100%;padding-left:1.5em;color:var(--muted);font-size:13px;overflow-wrap:anywhere;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.req .known{font-size:11px;font-weight:700;color:var(--warn);border:1px solid currentColor;border-radius:3px;padding:0 4px}
.req-body{padding:4px 12px 12px;border-top:1px solid var(--line);min-width:0}
.ea{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 14px}
.label{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:8px 0 0}
.violations{padding-left:22px;margin:6px 0}
.violations>li{margin:0 0 8px;overflow-wrap:anywhere}
.exchange{border:1px dashed var(--line);border-radius:6px;padding:6px 10px;margin:10px 0;min-width:0}
.exchange h4{margin:2px 0 4px;font-size:14px;overflow-wrap:anywhere}
.statusline{font-weight:700}
.terr{color:var(--fail);font-weight:600}
.trunc{color:var(--warn);font-size:13px;margin-top:-6px}
.curl{background:#fffdf3}
footer{margin-top:32px;color:var(--muted);font-size:13px}
.verdict .qualifier{font-size:20px;font-weight:600;letter-spacing:0}
.cause-block{border-left-color:var(--fail);background:#fff8f8}
.cause-block h2{margin-top:4px;border:0}
.cause-fact{font-weight:600}
.consequence{border-left:3px solid var(--fail);padding-left:8px}
.pictures{display:grid;grid-template-columns:minmax(0,1fr);gap:8px}
.chart{margin:0}
.chart svg{display:block;max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
.chart svg rect.ev{stroke:#000;stroke-width:.6}
.chart figcaption{font-size:12px;color:var(--muted);margin-top:4px}
.key{white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:3px;vertical-align:-1px}
.findings{padding-left:22px;margin:6px 0}
.finding{margin:0 0 14px;overflow-wrap:anywhere}
.fhead{font-weight:600}
.count{display:inline-block;background:var(--fail);color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
.requests{list-style:none;padding:0;margin:2px 0 6px;display:flex;flex-wrap:wrap;gap:4px 6px}
.requests li code{background:var(--code);border:1px solid var(--line);border-radius:4px;padding:0 4px}
pre.body{position:relative}
mark.hit{background:#fff3b0;outline:2px solid #d4a72c;border-radius:2px;color:inherit}
.more-ex>summary{cursor:pointer;color:#0969da;font-size:13px;margin:4px 0}
.print-only{display:none}
.label code{text-transform:none}
@media (max-width:700px){
  body{font-size:14px}
  .verdict{font-size:24px}
  .ea{grid-template-columns:minmax(0,1fr)}
  .facts{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
  .req .title{flex-basis:100%}
  .controls{position:static}
  table.stack thead{display:none}
  table.stack tr{display:block;border-bottom:1px solid var(--line);padding:4px 0}
  table.stack td{display:block;border:0;padding:1px 4px}
  table.stack td::before{content:attr(data-label) ": ";font-size:12px;color:var(--muted)}
}
@media print{
  body{font-size:11pt}
  .controls,.no-print{display:none!important}
  .req[hidden]{display:block!important}
  .banner,.badge,.req{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  pre{max-height:none;overflow:visible}
  .req>summary{break-after:avoid}
  .req.s-fail::details-content,.req.s-warn::details-content{content-visibility:visible;display:block}
  /* A few pages: passing rows one line each, the first exchange of the first finding, bodies as excerpts. */
  .req.s-pass .req-body,.req.s-skip .req-body{display:none!important}
  .req{break-inside:avoid-page;margin:2px 0}
  .req.s-fail,.req.s-warn{break-inside:auto}
  .req>summary{padding:2px 8px}
  .more-ex,.finding~.finding .exchange,.headers,.curl,pre.body.has-hit,#observed,.muted .swatch{display:none!important}
  .print-only{display:block}
  .finding:nth-child(n+4),.req .muted strong,.req-body>.muted{display:none!important}
  .findings::after{content:"(every finding and exchange: report.html on screen, results.json)";font-size:9pt;color:var(--muted)}
  pre.body{max-height:12em;overflow:hidden}
  .requests{font-size:9pt}
  .ea pre{max-height:8em;overflow:hidden}
  .chart svg{max-height:60mm}
  .facts{grid-template-columns:repeat(4,minmax(0,1fr));gap:4px 12px}
}
`;

export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('details.req'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-status-filter]'));
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var q = search ? search.value.trim().toLowerCase() : '';
    var n = 0;
    rows.forEach(function (r) {
      var visible = on[r.getAttribute('data-status')] !== false && (!q || r.getAttribute('data-search').indexOf(q) !== -1);
      r.hidden = !visible;
      if (visible) n++;
    });
    if (shown) shown.textContent = 'showing ' + n + ' of ' + rows.length;
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (search) search.addEventListener('input', apply);
  var expand = document.getElementById('expand-problems');
  if (expand) expand.addEventListener('click', function () {
    rows.forEach(function (r) { if (r.classList.contains('s-fail') || r.classList.contains('s-warn')) r.open = true; });
  });
  var collapse = document.getElementById('collapse-all');
  if (collapse) collapse.addEventListener('click', function () { rows.forEach(function (r) { r.open = false; }); });
  // Printing: expand failures and warnings, restore afterwards.
  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    rows.forEach(function (r) {
      if (!r.open && (r.classList.contains('s-fail') || r.classList.contains('s-warn'))) { r.open = true; openedForPrint.push(r); }
    });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (r) { r.open = false; });
    openedForPrint = [];
  });
  // A link to a row (#req-ID) opens it, even when the filters hid it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === 'DETAILS' && el.classList.contains('req')) {
      el.hidden = false;
      el.open = true;
      el.scrollIntoView();
    }
  }
  // A body with a marked field opens scrolled to it.
  function scrollToHits(root) {
    Array.prototype.forEach.call(root.querySelectorAll('pre.has-hit'), function (pre) {
      var mark = pre.querySelector('mark.hit');
      if (mark && pre.clientHeight > 0) pre.scrollTop = Math.max(0, mark.offsetTop - 48);
    });
  }
  rows.forEach(function (r) { r.addEventListener('toggle', function () { if (r.open) scrollToHits(r); }); });
  Array.prototype.forEach.call(document.querySelectorAll('details.more-ex'), function (d) {
    d.addEventListener('toggle', function () { if (d.open) scrollToHits(d); });
  });
  // A link to an exchange opens the row and the "more exchanges" box it sits in.
  function openExchange() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && id.indexOf('ex-') === 0 && document.getElementById(id);
    if (!el) return;
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === 'DETAILS') { p.hidden = false; p.open = true; }
    }
    scrollToHits(el);
    el.scrollIntoView();
  }
  window.addEventListener('hashchange', openExchange);
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href^="#ex-"]') : null;
    if (a && a.getAttribute('href') === location.hash) openExchange();
  });
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href^="#req-"]') : null;
    if (a && a.getAttribute('href') === location.hash) openTarget();
  });
  apply();
  openTarget();
})();
`;
