// Timeline: events per week and type between two countries, asserted (filled) vs not (ring).
"use strict";

(async () => {
  const {el, svg, api} = W;

  function pairForm(a, b) {
    const form = el("form", {class: "filters", id: "dyad-form"}, [
      el("label", {}, ["country", el("input", {name: "a", value: a, size: 5, maxlength: 3})]),
      el("label", {}, ["and", el("input", {name: "b", value: b, size: 5, maxlength: 3})]),
      el("button", {type: "submit", text: "Show"}),
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      window.location.search = new URLSearchParams({dyad: `${data.get("a")},${data.get("b")}`.toUpperCase()});
    });
    return form;
  }

  function chart(rows) {
    const weeks = [...new Set(rows.map((r) => r.week || "undated"))];
    const types = [...new Set(rows.map((r) => r.event_type))].sort();
    const cell = 46, left = 100, top = 24;
    const most = Math.max(1, ...rows.map((r) => Math.max(r.asserted, r.not_asserted)));
    const radius = (n) => (n ? 3 + 15 * Math.sqrt(n / most) : 0);
    const width = left + cell * weeks.length + 20, height = top + cell * types.length + 40;
    const chartNode = svg("svg", {id: "timeline-chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": "events per week and type"});
    types.forEach((type, i) => chartNode.append(svg("text", {x: 4, y: top + cell * i + cell / 2 + 4, text: type})));
    weeks.forEach((week, j) => chartNode.append(svg("text", {x: left + cell * j + 4, y: height - 20, class: "small",
      text: week.slice(0, 10)})));
    for (const r of rows) {
      const x = left + cell * weeks.indexOf(r.week || "undated") + cell / 2;
      const y = top + cell * types.indexOf(r.event_type) + cell / 2;
      const colour = W.TYPE_COLOURS[r.event_type] || "#888";
      const label = `${r.event_type}, week of ${r.week}: ${r.asserted} asserted, ${r.not_asserted} not asserted`;
      if (r.asserted) chartNode.append(svg("circle", {cx: x - 6, cy: y, r: radius(r.asserted), fill: colour, class: "asserted"},
        svg("title", {text: label})));
      if (r.not_asserted) chartNode.append(svg("circle", {cx: x + 6, cy: y, r: radius(r.not_asserted), fill: "none",
        stroke: colour, "stroke-width": 2, class: "not-asserted"}, svg("title", {text: label})));
    }
    return chartNode;
  }

  // the events page's filters for one cell of the chart
  function weekFilter(r, a, b) {
    const filter = {dyad: `${a},${b}`, type: r.event_type};
    if (r.week) {
      const end = new Date(`${r.week}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 6);
      Object.assign(filter, {date_from: r.week, date_to: end.toISOString().slice(0, 10)});
    }
    return filter;
  }

  try {
    const stats = await api("/api/stats");
    const top = (stats.by_dyad.find((d) => !d.dyad.includes("?")) || {dyad: "RUS-UKR"}).dyad.split("-");
    const dyad = (W.params().get("dyad") || top.join(",")).toUpperCase();
    const [a, b] = dyad.split(",");
    const result = await api("/api/stats", {dyad});
    W.main(
      el("h1", {text: `Timeline ${a} – ${b}`}),
      pairForm(a || "", b || ""),
      el("p", {class: "legend"}, ["Filled circle: asserted or reported as having happened; ring: not asserted ",
        "(negated, possible, conditional, intended, requested, proposed, hypothetical). Area ∝ events."]),
      el("p", {}, [el("span", {id: "total", text: String(result.total)}), " events between them, either direction."]),
      result.by_week.length ? chart(result.by_week) : el("p", {class: "muted", text: "No events for this pair."}),
      el("table", {class: "data", id: "timeline-table"}, [
        el("thead", {}, el("tr", {}, ["week", "type", "asserted", "not asserted", ""].map((h) => el("th", {text: h})))),
        el("tbody", {}, result.by_week.map((r) => el("tr", {}, [
          el("td", {text: r.week || "undated"}), el("td", {}, W.typeBadge(r.event_type)),
          el("td", {class: "num", text: r.asserted}), el("td", {class: "num", text: r.not_asserted}),
          el("td", {}, el("a", {href: `/?${new URLSearchParams(weekFilter(r, a, b))}`, text: "events"})),
        ]))),
      ]),
    );
  } catch (error) {
    W.fail(error);
  }
})();
