// Events page: the filters of /api/events (kept in the address bar), the table, paging.
"use strict";

(async () => {
  const {el, api} = W;
  const TEXT_FILTERS = [
    ["mode", "mode"], ["context", "context"], ["source_country", "source country"],
    ["source_sector", "source sector"], ["target_country", "target country"],
    ["target_sector", "target sector"], ["actor", "actor (id or name)"], ["country", "either country"], ["dyad", "dyad A,B"],
    ["min_confidence", "min confidence"], ["date_from", "from YYYY-MM-DD"], ["date_to", "to YYYY-MM-DD"],
    ["doc", "document id"], ["canonical", "canonical event id"], ["q", "text in sentence"],
  ];
  const SORTS = [["", "document order"], ["-date", "newest"], ["date", "oldest"],
    ["confidence", "least confident"], ["-confidence", "most confident"], ["type", "type"]];
  const PAGE_SIZE = 50;

  function select(name, label, values, current) {
    return el("label", {}, [label, el("select", {name}, [el("option", {value: "", text: "any"}),
      ...values.map(([value, text]) => el("option", {value, text, selected: value === current}))])]);
  }

  function filterForm(config, stories, query) {
    const pairs = (xs) => xs.map((x) => [x, x]);
    const form = el("form", {id: "filters", class: "filters"}, [
      select("type", "type", pairs(config.event_types), query.get("type") || ""),
      select("modality", "modality", pairs(config.modalities), query.get("modality") || ""),
      select("story", "story", stories.map((s) => [s.story_id, s.title || s.story_id]), query.get("story") || ""),
      ...TEXT_FILTERS.map(([name, label]) => el("label", {}, [label,
        el("input", {name, value: query.get(name) || "", size: 12, maxlength: 200})])),
      select("sort", "sort", SORTS.slice(1), query.get("sort") || ""),
      el("button", {type: "submit", text: "Filter"}),
      el("a", {href: "/", text: "clear"}),
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      for (const [key, value] of new FormData(form)) if (String(value).trim()) next.set(key, String(value).trim());
      window.location.search = next.toString();
    });
    return form;
  }

  function row(event) {
    const attribution = event.attribution || {};
    return el("tr", {"data-event": event.event_id}, [
      el("td", {text: event.date || event.pub_date || ""}),
      el("td", {}, W.typeBadge(event.event_type, event.mode)),
      el("td", {text: W.actorLabel(event.source)}),
      el("td", {text: W.actorLabel(event.target)}),
      el("td", {class: `modality m-${event.modality}`, text: event.modality || ""}),
      el("td", {class: "num", text: W.fmt(event.confidence)}),
      el("td", {text: attribution.speaker || ""}),
      el("td", {class: "evidence"}, el("a", {href: W.eventLink(event), text: event.evidence.sentence || ""})),
      el("td", {}, el("a", {href: `/document?id=${encodeURIComponent(event.doc_id)}`, text: event.outlet || "document"})),
    ]);
  }

  function pager(query, page, total) {
    const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (n, text) => {
      const next = new URLSearchParams(query);
      next.set("page", n);
      return el("a", {href: `?${next}`, text});
    };
    return el("nav", {class: "pager"}, [
      page > 1 ? link(page - 1, "← previous") : null,
      el("span", {text: ` page ${page} of ${last} `}),
      page < last ? link(page + 1, "next →") : null,
    ]);
  }

  try {
    const query = W.params();
    const page = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
    const filters = Object.fromEntries([...query].filter(([key]) => key !== "page"));
    const [config, stories, result] = await Promise.all([
      api("/api/config"), api("/api/stories", {page_size: 200}),
      api("/api/events", {...filters, page, page_size: PAGE_SIZE}),
    ]);
    const head = ["date", "type", "source", "target", "modality", "conf.", "said by", "evidence", "document"];
    W.main(
      el("h1", {text: "Events"}),
      config.stale ? el("p", {id: "stale", class: "warning", text: config.stale}) : "",
      filterForm(config, stories.stories, query),
      el("p", {}, [el("span", {id: "total", text: String(result.total)}), " events match",
        " · ", el("a", {href: `/api/export?${new URLSearchParams(filters)}&format=csv`, text: "export CSV"}),
        " · ", el("a", {href: `/api/export?${new URLSearchParams(filters)}&format=jsonl`, text: "JSONL"})]),
      el("table", {id: "events", class: "data"}, [
        el("thead", {}, el("tr", {}, head.map((h) => el("th", {text: h})))),
        el("tbody", {}, result.events.map(row)),
      ]),
      pager(query, page, result.total),
    );
  } catch (error) {
    W.fail(error);
  }
})();
