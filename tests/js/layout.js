// Lay out an ioggraph GEXF the way a Gephi user would: parse it with graphology-gexf, place the nodes on a
// circle (deterministic start), run ForceAtlas2 (settings inferred from the graph, then prevent overlap,
// stronger gravity, scaling 20), then Label Adjust (Gephi's layout of that name: nodes whose labels overlap
// are pushed apart), and print graphology's serialized JSON with x/y on every node.
// Usage: node layout.js FILE.gexf [ITERATIONS]  ->  graphology JSON on stdout
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const forceAtlas2 = require('graphology-layout-forceatlas2');

// How sigma.js draws a graph in the render test's 1600x1000 page: it fits the larger side of the layout
// into the smaller side of the viewport less its padding; labels are 14px Arial right of the node.
const VIEW = {width: 1600, height: 1000, padding: 30};
const LABEL = {height: 14, charWidth: 8, gap: 3, margin: 4};

function labelBoxes(graph) {
  const nodes = graph.nodes();
  const xs = nodes.map(n => graph.getNodeAttribute(n, 'x')), ys = nodes.map(n => graph.getNodeAttribute(n, 'y'));
  const extent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) || 1;
  const scale = (Math.min(VIEW.width, VIEW.height) - 2 * VIEW.padding) / extent;   // graph units -> pixels
  const boxes = nodes.map(n => {
    const a = graph.getNodeAttributes(n), size = a.size || 1, label = String(a.label || '');
    return {node: n, x: a.x * scale + size + LABEL.gap, y: a.y * scale - LABEL.height / 2,
            w: label.length * LABEL.charWidth + LABEL.margin, h: LABEL.height + LABEL.margin};
  });
  return {boxes, scale};
}

// Label Adjust: while two label boxes overlap, move their nodes apart vertically (labels are wide and
// short) by what the overlap needs, in graph units at the current drawing scale.
function labelAdjust(graph, maxRounds = 500) {
  for (let round = 0; round < maxRounds; round++) {
    const {boxes, scale} = labelBoxes(graph);
    let moved = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (!(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)) continue;
        const need = (Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y)) / 2 + 1;
        const [up, down] = a.y < b.y || (a.y === b.y && a.node < b.node) ? [a, b] : [b, a];
        graph.updateNodeAttribute(up.node, 'y', y => y - need / scale);
        graph.updateNodeAttribute(down.node, 'y', y => y + need / scale);
        up.y -= need; down.y += need;
        moved = true;
      }
    }
    if (!moved) return round;
  }
  return maxRounds;
}

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
labelAdjust(graph);
process.stdout.write(JSON.stringify(graph.export()) + '\n');
