// ioggraph HTML view: search, actor card, edge evidence, tactic/technique filters, legend.
// Reads the JSON in #ioggraph-data (written by ioggraph/export/html.py); draws with sigma.js over graphology.
// Every text from the data goes into the page with textContent, never as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ioggraph-data').textContent);
  var nodes = {}, edges = {};
  data.nodes.forEach(function (n) { nodes[n.id] = n; });
  data.edges.forEach(function (e) { edges[e.id] = e; });
  var state = { tactic: '', technique: '', node: null, edge: null, neighbours: null };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---- filters ---------------------------------------------------------------------------------
  function edgeMatches(e) {
    if (state.technique) {
      return (e.techniques || []).some(function (t) { return t === state.technique || t.indexOf(state.technique + '.') === 0; });
    }
    if (state.tactic) return e.tactic === state.tactic;
    return true;
  }
  function visibleNodes() {
    if (!state.tactic && !state.technique) return null;
    var keep = new Set();
    data.edges.forEach(function (e) { if (edgeMatches(e)) { keep.add(e.source); keep.add(e.target); } });
    return keep;
  }

  // ---- graph -----------------------------------------------------------------------------------
  var graph = new graphology.MultiDirectedGraph();
  data.nodes.forEach(function (n) {
    graph.addNode(n.id, { label: n.label, x: n.x, y: n.y, size: n.size, color: n.color });
  });
  data.edges.forEach(function (e) {
    graph.addEdgeWithKey(e.id, e.source, e.target, { size: e.size, color: e.color, label: e.relation, type: 'arrow' });
  });
  var visible = null;
  function nodeReducer(id, attrs) {
    var out = Object.assign({}, attrs);
    if (visible && !visible.has(id)) out.hidden = true;
    if (state.neighbours && !state.neighbours.has(id)) { out.color = '#e4e4e4'; out.label = ''; }
    if (state.node === id) out.highlighted = true;
    return out;
  }
  function edgeReducer(id, attrs) {
    var out = Object.assign({}, attrs), e = edges[id];
    if (!edgeMatches(e)) out.hidden = true;
    if (state.node && e.source !== state.node && e.target !== state.node) out.color = '#eeeeee';
    if (state.edge === id) out.size = attrs.size + 2;
    return out;
  }
  var renderer = null;
  try {
    renderer = new Sigma(graph, document.getElementById('graph'), {
      enableEdgeEvents: true, renderEdgeLabels: false, defaultEdgeType: 'arrow', zIndex: true,
      labelDensity: 0.5, labelGridCellSize: 80, labelRenderedSizeThreshold: 8,
      nodeReducer: nodeReducer, edgeReducer: edgeReducer,
    });
    renderer.on('clickNode', function (ev) { selectNode(ev.node); });
    renderer.on('clickEdge', function (ev) { selectEdge(ev.edge); });
    renderer.on('clickStage', function () { state.node = null; state.edge = null; state.neighbours = null; refresh(); });
  } catch (err) {
    var box = document.getElementById('graph');
    box.appendChild(el('p', { 'class': 'warning' }, 'The network cannot be drawn here (' + err.message +
      '); search, cards and evidence still work.'));
  }
  function refresh() { if (renderer) renderer.refresh(); }

  // ---- search ----------------------------------------------------------------------------------
  function norm(s) {
    return String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  }
  function distance(a, b) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function score(query, name) {
    var q = norm(query), n = norm(name);
    if (!q || !n) return 0;
    if (q === n) return 100;
    if (n.indexOf(q) === 0) return 90;
    if (n.indexOf(q) >= 0) return 80;
    var words = n.split(' ');
    if (q.split(' ').every(function (w) { return words.some(function (x) { return x.indexOf(w) === 0; }); })) return 75;
    var sim = 1 - distance(q, n) / Math.max(q.length, n.length);
    return sim >= 0.6 ? Math.round(60 * sim) : 0;
  }
  function search(query) {
    var hits = [];
    data.nodes.forEach(function (n) {
      if (n.kind !== 'actor') return;
      var best = [n.label].concat(n.aliases || []).reduce(function (m, name) { return Math.max(m, score(query, name)); }, 0);
      if (best > 0) hits.push({ id: n.id, score: best });
    });
    hits.sort(function (a, b) { return b.score - a.score || nodes[a.id].label.localeCompare(nodes[b.id].label); });
    return hits.slice(0, 8).map(function (h) { return h.id; });
  }
  var input = document.getElementById('search'), results = document.getElementById('results');
  input.addEventListener('input', function () {
    clear(results);
    search(input.value).forEach(function (id, i) {
      var li = el('li', { role: 'option', 'data-node': id, 'class': i === 0 ? 'active' : '' }, nodes[id].label + ' ');
      li.appendChild(el('span', { 'class': 'type' }, nodes[id].type));
      li.addEventListener('click', function () { selectNode(id); });
      results.appendChild(li);
    });
  });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && results.firstChild) selectNode(results.firstChild.getAttribute('data-node'));
  });

  // ---- actor card and evidence -----------------------------------------------------------------
  var panel = document.getElementById('panel');
  function docLabel(doc) {
    var meta = data.documents[doc] || {};
    return (meta.title ? meta.title + ' \u2014 ' : '') + doc + (meta.date ? ' (' + meta.date + ')' : '');
  }
  function selectNode(id) {
    var n = nodes[id];
    state.node = id; state.edge = null;
    state.neighbours = new Set([id]);
    clear(panel);
    panel.appendChild(el('h2', { id: 'card-title' }, n.label));
    var dl = el('dl');
    [['type', n.type], ['aliases', (n.aliases || []).join(', ')], ['mentions', n.mentions],
     ['tactic', n.tactic ? n.tactic + ' ' + (n.tactic_name || '') : '']].forEach(function (row) {
      if (row[1] === '' || row[1] === undefined || row[1] === null) return;
      dl.appendChild(el('dt', {}, row[0])); dl.appendChild(el('dd', {}, row[1]));
    });
    panel.appendChild(dl);
    var groups = {};
    data.edges.forEach(function (e) {
      if (e.source !== id && e.target !== id) return;
      state.neighbours.add(e.source); state.neighbours.add(e.target);
      (groups[e.relation] = groups[e.relation] || []).push(e);
    });
    Object.keys(groups).sort().forEach(function (rel) {
      panel.appendChild(el('h3', {}, rel.replace(/_/g, ' ')));
      groups[rel].forEach(function (e) {
        var out = e.source === id, other = nodes[out ? e.target : e.source];
        var text = (out ? '\u2192 ' : '\u2190 ') + other.label + (e.technique ? ' [' + e.technique + ']' : '') +
          ' \u00b7 ' + e.evidence.length + (e.evidence.length > 1 ? ' quotes' : ' quote');
        var div = el('div', { 'class': 'rel', 'data-edge': e.id }, text);
        div.addEventListener('click', function () { selectEdge(e.id); });
        panel.appendChild(div);
      });
    });
    if (n.docs && n.docs.length) {
      panel.appendChild(el('h3', {}, 'documents'));
      n.docs.forEach(function (d) { panel.appendChild(el('div', { 'class': 'muted' }, docLabel(d))); });
    }
    if (renderer) {
      var pos = renderer.getNodeDisplayData(id);
      if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.6 }, { duration: 300 });
    }
    refresh();
  }
  function selectEdge(id) {
    var e = edges[id];
    state.edge = id;
    clear(panel);
    panel.appendChild(el('h2', { id: 'edge-title' }, nodes[e.source].label + ' \u2192 ' + e.relation.replace(/_/g, ' ') + ' \u2192 ' + nodes[e.target].label));
    var dl = el('dl');
    var techs = (e.techniques || []).map(function (t) { return t + (data.techniques[t] ? ' ' + data.techniques[t] : ''); }).join('; ');
    [['techniques', techs], ['tactic', e.tactic ? e.tactic + ' ' + (data.tactics[e.tactic] || {}).name : ''],
     ['confidence', e.confidence], ['modality', e.modality], ['channels', (e.channels || []).join(', ')]].forEach(function (row) {
      if (row[1] === '' || row[1] === undefined || row[1] === null) return;
      dl.appendChild(el('dt', {}, row[0])); dl.appendChild(el('dd', {}, row[1]));
    });
    panel.appendChild(dl);
    var back = el('div', { 'class': 'rel' }, '\u2190 back to ' + nodes[state.node || e.source].label);
    var home = state.node || e.source;
    back.addEventListener('click', function () { selectNode(home); });
    panel.appendChild(back);
    panel.appendChild(el('h3', {}, e.evidence.length + ' evidence ' + (e.evidence.length > 1 ? 'quotes' : 'quote')));
    e.evidence.forEach(function (ev) {
      var box = el('div', { 'class': 'evidence' });
      box.appendChild(el('p', { 'class': 'quote', 'data-doc': ev.doc, 'data-start': ev.start, 'data-end': ev.end }, ev.quote));
      var meta = el('dl');
      [['document', docLabel(ev.doc)], ['characters', ev.start + '\u2013' + ev.end],
       ['reported by', (ev.reported_by || []).join(', ')],
       ['disputed by', (ev.disputed_by || []).join(', ')], ['confidence', ev.confidence], ['modality', ev.modality]]
        .forEach(function (row) {
          if (row[1] === '' || row[1] === undefined || row[1] === null) return;
          meta.appendChild(el('dt', {}, row[0])); meta.appendChild(el('dd', {}, row[1]));
        });
      box.appendChild(meta);
      panel.appendChild(box);
    });
    refresh();
  }

  // ---- tactic / technique selects, legend, about -----------------------------------------------
  var tacticSelect = document.getElementById('tactic'), techSelect = document.getElementById('technique');
  Object.keys(data.tactics).sort().forEach(function (t) {
    tacticSelect.appendChild(el('option', { value: t }, t + ' ' + data.tactics[t].name));
  });
  function fillTechniques() {
    while (techSelect.options.length > 1) techSelect.remove(1);
    Object.keys(data.techniques).sort().forEach(function (t) {
      if (state.tactic && data.technique_tactic[t] !== state.tactic) return;
      techSelect.appendChild(el('option', { value: t }, t + ' ' + data.techniques[t]));
    });
  }
  fillTechniques();
  tacticSelect.addEventListener('change', function () {
    state.tactic = tacticSelect.value; state.technique = ''; fillTechniques(); visible = visibleNodes(); refresh();
  });
  techSelect.addEventListener('change', function () { state.technique = techSelect.value; visible = visibleNodes(); refresh(); });

  var legend = document.getElementById('legend');
  Object.keys(data.types).sort().forEach(function (t) {
    var row = el('div', { 'class': 'legend-row' });
    row.appendChild(el('span', { 'class': 'swatch', style: 'background:' + data.types[t] }));
    row.appendChild(document.createTextNode(t));
    legend.appendChild(row);
  });
  legend.appendChild(el('h2', {}, 'Edges'));
  Object.keys(data.tactics).sort().forEach(function (t) {
    var row = el('div', { 'class': 'legend-row' });
    row.appendChild(el('span', { 'class': 'line', style: 'background:' + data.tactics[t].color }));
    row.appendChild(document.createTextNode(t + ' ' + data.tactics[t].name));
    legend.appendChild(row);
  });
  Object.keys(data.relations).sort().forEach(function (r) {
    var row = el('div', { 'class': 'legend-row' });
    row.appendChild(el('span', { 'class': 'line', style: 'background:' + data.relations[r] }));
    row.appendChild(document.createTextNode(r.replace(/_/g, ' ')));
    legend.appendChild(row);
  });
  document.getElementById('about-body').textContent = data.about;
  document.getElementById('summary').textContent = data.summary;

  window.ioggraphView = { graph: graph, renderer: renderer, search: search, selectNode: selectNode, selectEdge: selectEdge };
})();
