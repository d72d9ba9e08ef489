// Load an ioggraph GraphML, GEXF or graphology JSON export with the parsers behind Gephi Lite and print a summary.
// Usage: node load.js graphml|gexf|graphology FILE  ->  JSON {order, size, multi, nodes: {id: attrs}, edges: {id: attrs}, warnings}
// Options match Gephi Lite's import (graphology Graph; GEXF: allowUndeclaredAttributes, addMissingNodes).
'use strict';
const fs = require('fs');
const Graph = require('graphology');

const warnings = [];
for (const level of ['warn', 'error', 'info', 'log']) {
  console[level] = (...args) => warnings.push(`${level}: ${args.join(' ')}`);
}

function load(format, text) {
  if (format === 'graphml') {
    return require('graphology-graphml').parse(Graph, text, {addMissingNodes: false});
  }
  if (format === 'gexf') {
    return require('graphology-gexf').parse(Graph, text, {allowUndeclaredAttributes: false, addMissingNodes: false});
  }
  if (format === 'graphology') {
    // Gephi Lite opens graphology's serialized JSON with Graph.from (every node and edge needs a key).
    return Graph.from(JSON.parse(text));
  }
  throw new Error(`unknown format ${format}`);
}

const [format, file] = process.argv.slice(2);
const graph = load(format, fs.readFileSync(file, 'utf-8'));
const nodes = {};
graph.forEachNode((id, attrs) => { nodes[id] = attrs; });
const edges = {};
graph.forEachEdge((id, attrs, source, target) => { edges[id] = Object.assign({_source: source, _target: target}, attrs); });
process.stdout.write(JSON.stringify({
  order: graph.order, size: graph.size, multi: graph.multi, type: graph.type,
  attributes: graph.getAttributes(), nodes, edges, warnings,
}) + '\n');
