/* distcheck trace viewer: inlined into every page by viewer/html.ts. Plain ES2017, no imports.
 * Selecting a step moves one highlight rectangle, marks the arcs that start or end at the step,
 * and fills the side panel from the page's JSON data; the diagram itself is never redrawn. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var svg = document.getElementById('diagram');
  var scroller = document.getElementById('scroll');
  var sel = document.getElementById('sel');
  var arcs = svg.querySelector('.arcs');
  var details = document.getElementById('details');
  var last = data.rows.length - 1;
  var current = -1;
  var hot = [];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function rowTop(step) { return data.top - data.rowH / 2 + step * data.rowH; }

  function viewsBefore(step) {
    for (var r = step - 1; r >= 0; r--) if (data.views[r]) return data.views[r];
    return null;
  }

  function nodeCard(i, view, before, acting) {
    var lane = data.lanes[i];
    var prev = before ? before[i] : null;
    var old = {};
    if (prev) prev[1].forEach(function (f) { old[f[0]] = f[1]; });
    var rows = view[1].map(function (f) {
      var changed = prev && old[f[0]] !== f[1];
      return '<tr' + (changed ? ' class="changed"' : '') + '><td class="k">' + esc(f[0]) + '</td><td class="v">' + esc(f[1]) + '</td></tr>';
    }).join('');
    var tags = (view[0] ? '<span class="tag down">down</span>' : '') + (acting ? '<span class="tag acts">acts</span>' : '');
    var role = lane.role && lane.role !== lane.id ? '<span class="role">' + esc(lane.role) + '</span>' : '';
    var cls = 'node' + (acting ? ' acting' : '') + (view[0] ? ' down' : '');
    return '<div class="' + cls + '" data-node="' + esc(lane.id) + '"><div class="nh"><b>' + esc(lane.id) + '</b>' + role + tags + '</div><table>' + rows + '</table></div>';
  }

  function network(step) {
    var ids = data.net[step];
    if (!data.views[step]) return '';
    var counts = [];
    ids.forEach(function (id) {
      var lastEntry = counts[counts.length - 1];
      if (lastEntry && lastEntry[0] === id) lastEntry[1]++;
      else counts.push([id, 1]);
    });
    var items = counts.map(function (c) {
      return '<li>' + esc(data.netLabels[c[0]]) + (c[1] > 1 ? ' ×' + c[1] : '') + '</li>';
    }).join('');
    return '<h3>Network after this step (' + ids.length + ')</h3>' + (ids.length ? '<ul class="net">' + items + '</ul>' : '<div class="muted">empty</div>');
  }

  function fill(step) {
    var row = data.rows[step];
    var html = '<div class="stepno">step ' + step + ' of ' + last + '<span class="kind">' + esc(row.k) + '</span></div>';
    html += '<h2>' + esc(row.t) + '</h2>';
    if (row.d.length) html += '<ul class="did">' + row.d.map(function (d) { return '<li>' + esc(d) + '</li>'; }).join('') + '</ul>';
    if (row.e) html += '<div class="problem"><b>threw:</b> ' + esc(row.e) + '</div>';
    if (data.violation && step === data.violation.step && (!row.e || data.violation.text.indexOf(row.e) < 0)) {
      html += '<div class="problem"><b>✖ violated:</b> ' + esc(data.violation.text) + '</div>';
    }
    var views = data.views[step];
    if (views) {
      var before = step > 0 ? viewsBefore(step) : null;
      html += '<h3>Nodes after this step</h3>' + views.map(function (v, i) {
        return nodeCard(i, v, before, data.lanes[i].id === row.n);
      }).join('');
      if (data.part[step]) html += '<h3>Partition</h3><div class="net">' + esc(data.part[step]) + '</div>';
      if (data.glob[step] !== null) html += '<h3>State</h3><div class="net">' + esc(data.glob[step]) + '</div>';
      html += network(step);
    } else {
      html += '<div class="muted">No state after this step: the implementation threw.</div>';
    }
    details.innerHTML = html;
  }

  function markArcs(step) {
    hot.forEach(function (el) { el.classList.remove('hot'); });
    hot = Array.prototype.slice.call(arcs.querySelectorAll('[data-s="' + step + '"],[data-e="' + step + '"]'));
    hot.forEach(function (el) { el.classList.add('hot'); });
  }

  function reveal(step) {
    var head = document.getElementById('heads').offsetHeight; /* the sticky lane headers */
    var y = head + rowTop(step);
    var view = scroller.clientHeight;
    if (y < scroller.scrollTop + head || y + data.rowH > scroller.scrollTop + view) {
      scroller.scrollTop = Math.max(0, y - view / 2);
    }
  }

  function select(step, scroll) {
    step = Math.max(0, Math.min(last, step));
    if (step === current) return;
    current = step;
    sel.setAttribute('y', String(rowTop(step)));
    markArcs(step);
    fill(step);
    if (scroll) reveal(step);
    if (history.replaceState) history.replaceState(null, '', '#step=' + step);
    document.body.setAttribute('data-selected', String(step));
  }

  svg.addEventListener('click', function (e) {
    var box = svg.getBoundingClientRect();
    select(Math.floor((e.clientY - box.top - rowTop(0)) / data.rowH), false);
  });

  var verdict = document.getElementById('verdict');
  if (verdict && data.violation) verdict.addEventListener('click', function () { select(data.violation.step, true); });

  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var moves = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: 15, PageUp: -15 };
    if (moves[e.key] !== undefined) select(current + moves[e.key], true);
    else if (e.key === 'Home') select(0, true);
    else if (e.key === 'End') select(last, true);
    else if (e.key === 'v' && data.violation) select(data.violation.step, true);
    else return;
    e.preventDefault();
  });

  var fromHash = /^#step=(\d+)$/.exec(location.hash);
  select(fromHash ? Number(fromHash[1]) : data.violation ? data.violation.step : last, true);
})();
