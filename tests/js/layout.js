// Lay out an ioggraph GEXF the way a Gephi Lite user would: parse it with graphology-gexf, place the
// nodes on a circle (deterministic start), run ForceAtlas2 (settings inferred from the graph, then
// prevent overlap, stronger gravity, scaling 20), and print graphology's serialized JSON with x/y on every node.
// Usage: node layout.js FILE.gexf [ITERATIONS]  ->  graphology JSON on stdout
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const forceAtlas2 = require('graphology-layout-forceatlas2');

const [file, iterations] = process.argv.slice(2);
const graph = gexf.parse(Graph, fs.readFileSync(file, 'utf-8'), {addMissingNodes: false});
const nodes = graph.nodes().sort();
nodes.forEach((node, i) => {
  const angle = (2 * Math.PI * i) / nodes.length;
  graph.mergeNodeAttributes(node, {x: 100 * Math.cos(angle), y: 100 * Math.sin(angle)});
});
// Gephi's "Prevent overlap" + "Stronger gravity", scaling 20: the settings a user picks for a sparse graph.
const settings = Object.assign(forceAtlas2.inferSettings(graph), {adjustSizes: true, strongGravityMode: true, scalingRatio: 20});
forceAtlas2.assign(graph, {iterations: Number(iterations || 500), settings});
process.stdout.write(JSON.stringify(graph.export()) + '\n');
