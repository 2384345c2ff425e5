// Actor network: countries (or actors) on a circle, sized by their events; one curve per
// source -> target -> type, coloured by type, as thick as its count.
"use strict";

(async () => {
  const {el, svg, api} = W;
  const SIZE = 640, CENTRE = SIZE / 2, RING = SIZE / 2 - 70;

  function draw(net) {
    const most = Math.max(1, ...net.nodes.map((n) => n.n));
    const mostEdge = Math.max(1, ...net.edges.map((e) => e.n));
    const place = new Map(net.nodes.map((node, i) => {
      const angle = (2 * Math.PI * i) / net.nodes.length - Math.PI / 2;
      return [node.id, {x: CENTRE + RING * Math.cos(angle), y: CENTRE + RING * Math.sin(angle)}];
    }));
    const chart = svg("svg", {id: "network-chart", width: SIZE, height: SIZE, viewBox: `0 0 ${SIZE} ${SIZE}`,
      role: "img", "aria-label": "actor network"});
    const types = [...new Set(net.edges.map((e) => e.event_type))];
    for (const edge of net.edges) {
      const a = place.get(edge.source), b = place.get(edge.target);
      // edges of different types between one pair bend by different amounts, so none hides another
      const bend = 20 + 14 * types.indexOf(edge.event_type);
      const mx = (a.x + b.x) / 2 + (CENTRE - (a.x + b.x) / 2) * bend / RING;
      const my = (a.y + b.y) / 2 + (CENTRE - (a.y + b.y) / 2) * bend / RING;
      const path = a === b ? `M ${a.x} ${a.y} c 40 -40 40 40 0 0` : `M ${a.x} ${a.y} Q ${mx} ${my} ${b.x} ${b.y}`;
      chart.append(svg("path", {d: path, fill: "none", stroke: W.TYPE_COLOURS[edge.event_type] || "#888",
        "stroke-width": 1 + 7 * edge.n / mostEdge, "stroke-opacity": 0.75, class: "edge"},
      svg("title", {text: `${edge.source} → ${edge.target}: ${edge.event_type} × ${edge.n}`})));
    }
    for (const node of net.nodes) {
      const p = place.get(node.id);
      const link = svg("a", {href: `/?${new URLSearchParams(net.level === "country" ? {country: node.id} : {actor: node.id})}`});
      link.append(svg("circle", {cx: p.x, cy: p.y, r: 5 + 20 * Math.sqrt(node.n / most), class: "node"},
        svg("title", {text: `${node.id}: ${node.n} events`})),
      svg("text", {x: p.x, y: p.y - 8 - 20 * Math.sqrt(node.n / most), "text-anchor": "middle", text: node.id}));
      chart.append(link);
    }
    return chart;
  }

  try {
    const level = W.params().get("level") === "actor" ? "actor" : "country";
    const net = await api("/api/network", {level, limit: 150});
    const types = [...new Set(net.edges.map((e) => e.event_type))].sort();
    W.main(
      el("h1", {text: "Actor network"}),
      el("p", {}, [el("a", {href: "?level=country", class: level === "country" ? "active" : null, text: "countries"}),
        " · ", el("a", {href: "?level=actor", class: level === "actor" ? "active" : null, text: "actors"}),
        ` · ${net.nodes.length} nodes, ${net.edges.length} edges (the busiest 150 source–target–type links)`]),
      el("p", {class: "legend"}, types.map((t) => W.typeBadge(t))),
      net.nodes.length ? draw(net) : el("p", {class: "muted", text: "No events with both a source and a target."}),
      el("table", {class: "data", id: "network-table"}, [
        el("thead", {}, el("tr", {}, ["source", "target", "type", "events"].map((h) => el("th", {text: h})))),
        el("tbody", {}, net.edges.map((e) => el("tr", {}, [el("td", {text: e.source}), el("td", {text: e.target}),
          el("td", {}, W.typeBadge(e.event_type)), el("td", {class: "num", text: e.n})]))),
      ]),
    );
  } catch (error) {
    W.fail(error);
  }
})();
