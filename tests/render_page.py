"""Draw a laid-out graphology graph with the vendored sigma.js in headless Chromium and measure it.

Used by tests/test_export_render.py (and to make docs/img/gexf-sigma.png). :func:`measure` returns, for
the 20 largest nodes, their label boxes in pixels, which labels sigma displayed, the colour under each
node centre and, for each edge, at three points along it, read back from a PNG screenshot.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

from ioggraph.export.html import _asset

WIDTH, HEIGHT = 1600, 1000

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html, body, #g { margin: 0; width: 100%%; height: 100%%; background: #fff; }</style></head>
<body><div id="g"></div>
<script type="application/json" id="data">%(data)s</script>
<script>%(graphology)s</script><script>%(sigma)s</script>
<script>
const data = JSON.parse(document.getElementById('data').textContent);
// as Gephi Lite: the GEXF "type" column is data (sigma reads node "type" as its drawing program),
// and an edge's viz:thickness is its drawn size
data.nodes.forEach(n => { n.attributes.nodeType = n.attributes.type; delete n.attributes.type; });
data.edges.forEach(e => { if (e.attributes.thickness) e.attributes.size = e.attributes.thickness; });
const graph = graphology.Graph.from(data);
const renderer = new Sigma(graph, document.getElementById('g'), {
  labelRenderedSizeThreshold: 0, labelDensity: 1, labelGridCellSize: 60, defaultEdgeType: 'arrow'});
window.measure = function (top) {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = '14px Arial';
  const nodes = graph.nodes().sort((a, b) => graph.getNodeAttribute(b, 'size') - graph.getNodeAttribute(a, 'size') || (a < b ? -1 : 1)).slice(0, top);
  const shown = renderer.getNodeDisplayedLabels();
  const boxes = nodes.map(n => {
    const d = renderer.getNodeDisplayData(n), p = renderer.framedGraphToViewport(d), size = renderer.scaleSize(d.size);
    return {node: n, label: d.label, x: p.x + size + 3, y: p.y - 7, w: ctx.measureText(d.label).width, h: 14,
            cx: p.x, cy: p.y, r: size, color: d.color, type: graph.getNodeAttribute(n, 'nodeType'), shown: shown.has(n)};
  });
  const edges = graph.edges().map(e => {
    const s = renderer.framedGraphToViewport(renderer.getNodeDisplayData(graph.source(e)));
    const t = renderer.framedGraphToViewport(renderer.getNodeDisplayData(graph.target(e)));
    // three points along the segment: a label or a node may cover one of them
    const along = [0.35, 0.5, 0.65].map(f => [s.x + f * (t.x - s.x), s.y + f * (t.y - s.y)]);
    return {edge: e, mx: (s.x + t.x) / 2, my: (s.y + t.y) / 2, along, color: renderer.getEdgeDisplayData(e).color};
  });
  return {boxes, edges};
};
// the colour at each point; with radius r, the pixel of the (2r+1)² window around it farthest from white
// (a 1-pixel anti-aliased line may miss the rounded point by half a pixel)
window.pixels = function (src, points, r = 0) {
  return new Promise(resolve => {
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
      resolve(points.map(([x, y]) => {
        const d = ctx.getImageData(Math.round(x) - r, Math.round(y) - r, 2 * r + 1, 2 * r + 1).data;
        let best = [255, 255, 255], far = -1;
        for (let i = 0; i < d.length; i += 4) {
          const dist = (255 - d[i]) + (255 - d[i + 1]) + (255 - d[i + 2]);
          if (dist > far) { far = dist; best = [d[i], d[i + 1], d[i + 2]]; }
        }
        return best;
      }));
    };
    img.src = src;
  });
};
</script></body></html>"""


def page_html(graph_json: dict) -> str:
    data = json.dumps(graph_json, ensure_ascii=False).replace("<", "\\u003c")
    return PAGE % {"data": data, "graphology": _asset("vendor", "graphology.umd.min.js"),
                   "sigma": _asset("vendor", "sigma.min.js")}


def measure(playwright, chromium: str, args: list[str], graph_json: dict, tmp: Path, top: int = 20) -> dict:
    """Draw ``graph_json``, screenshot it to ``tmp/render.png`` and return boxes, edges and sampled colours."""
    page_path = tmp / "render.html"
    page_path.write_text(page_html(graph_json), encoding="utf-8")
    browser = playwright.chromium.launch(executable_path=chromium, args=args)
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_path.as_uri())
    page.wait_for_function("window.measure !== undefined")
    page.wait_for_timeout(500)
    result = page.evaluate("top => window.measure(top)", top)
    png = page.screenshot(path=str(tmp / "render.png"))
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    result["node_pixels"] = page.evaluate("([s, p]) => window.pixels(s, p)", [src, [[b["cx"], b["cy"]] for b in result["boxes"]]])
    along = [point for e in result["edges"] for point in e["along"]]
    sampled = page.evaluate("([s, p]) => window.pixels(s, p, 1)", [src, along])
    result["edge_pixels"] = [sampled[i:i + 3] for i in range(0, len(sampled), 3)]  # three per edge
    result["errors"] = errors
    browser.close()
    return result
