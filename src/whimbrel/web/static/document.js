// Document page: the article text with event triggers, actor mentions and quotes highlighted.
// Each trigger shows its events' type, modality, speaker and confidence; a click opens the event
// (canonical event, other mentions, reviews and, with --allow-review, the review form).
"use strict";

(async () => {
  const {el, api} = W;

  function describe(event) {
    const speaker = (event.attribution || {}).speaker;
    return `${event.event_type}${event.mode ? "/" + event.mode : ""} · ${event.modality} · ` +
      `${speaker ? "said by " + speaker : "no speaker"} · confidence ${W.fmt(event.confidence)}`;
  }

  // the text cut at every span boundary; each piece knows the spans covering it
  function pieces(text, spans) {
    const cuts = new Set([0, text.length]);
    for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      out.push({start, end, spans: spans.filter((s) => s.start <= start && end <= s.end)});
    }
    return out;
  }

  function spansOf(doc, focus) {
    const triggers = new Map();
    for (const event of doc.events) {
      const ev = event.evidence;
      if (ev.trigger_start === null || ev.trigger_start === undefined) continue;
      const key = `${ev.trigger_start}:${ev.trigger_end}`;
      if (!triggers.has(key)) triggers.set(key, {kind: "trigger", start: ev.trigger_start, end: ev.trigger_end, events: []});
      triggers.get(key).events.push(event);
    }
    return [
      ...triggers.values(),
      ...doc.mentions.map((m) => ({kind: "actor", start: m.start, end: m.end, mention: m})),
      ...doc.quotes.map((q) => ({kind: "quote", start: q.start, end: q.end, quote: q})),
      ...doc.dates.map((d) => ({kind: "date", start: d.start, end: d.end, date: d})),
      ...(focus ? [{kind: "focus", start: focus.start, end: focus.end}] : []),
    ];
  }

  function piece(text, part, select) {
    const node = el("span", {text: text.slice(part.start, part.end)});
    const titles = [];
    for (const span of part.spans) {
      node.classList.add(span.kind);
      if (span.kind === "trigger") {
        const events = span.events;
        node.classList.add(`m-${events[0].modality}`);
        node.dataset.events = events.map((e) => e.event_id).join(" ");
        node.dataset.modality = events.map((e) => e.modality).join(" ");
        node.setAttribute("tabindex", "0");
        node.addEventListener("click", () => select(events[0]));
        titles.push(...events.map(describe));
      } else if (span.kind === "actor") {
        const m = span.mention;
        titles.push(`actor: ${m.name || m.text} [${m.country || "---"}${m.sector || ""}] (${m.how || ""})`);
      } else if (span.kind === "quote") {
        const speaker = span.quote.speaker;
        titles.push(`quote (${span.quote.kind}) by ${speaker ? speaker.name || speaker.text : "unknown"}`);
      } else if (span.kind === "date") {
        titles.push(`date: ${span.date.value || "?"}`);
      }
    }
    if (titles.length) node.setAttribute("title", titles.join("\n"));
    return node;
  }

  function eventList(doc, select) {
    return el("ol", {class: "event-list"}, doc.events.map((event) => el("li", {"data-event": event.event_id}, [
      el("a", {href: "#", onclick: (e) => { e.preventDefault(); select(event); }}, W.typeBadge(event.event_type, event.mode)),
      " ", el("span", {class: `modality m-${event.modality}`, text: event.modality}),
      " ", el("span", {class: "trigger-word", text: `“${event.evidence.trigger || ""}”`}),
      " ", el("span", {class: "muted", text: `${W.actorLabel(event.source)} → ${W.actorLabel(event.target)}`}),
      event.reviewed ? el("span", {class: "reviewed", text: " ✓ reviewed"}) : null,
    ])));
  }

  async function showEvent(panel, event, config) {
    const detail = await api(`/api/events/${encodeURIComponent(event.event_id)}`);
    const ev = detail.evidence;
    const rows = [["type", `${detail.event_type}${detail.mode ? "/" + detail.mode : ""}`],
      ["source", W.actorLabel(detail.source)], ["target", W.actorLabel(detail.target)],
      ["modality", detail.modality], ["condition", detail.condition], ["said by", (detail.attribution || {}).speaker],
      ["confidence", W.fmt(detail.confidence)], ["factuality", W.fmt(detail.factuality)],
      ["date", detail.date], ["place", (detail.location || {}).name], ["context", (detail.context || []).join(", ")],
      ["pattern", detail.pattern]];
    const canon = detail.canonical_event;
    W.fill(panel,
      el("h2", {text: "Event"}),
      el("dl", {id: "event-detail"}, rows.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: v})])),
      el("blockquote", {text: ev.sentence || ""}),
      canon ? el("p", {text: `Canonical event ${canon.canonical_event_id}: ${canon.n_mentions} mention(s) in ` +
        `${canon.n_docs} document(s), ${canon.n_sources} source(s).`}) : null,
      detail.other_mentions.length ? el("ul", {}, detail.other_mentions.map((m) => el("li", {}, [
        el("a", {href: W.eventLink(m), text: `${m.outlet || m.doc_id}: ${m.evidence.sentence}`})]))) : null,
      el("h3", {text: `Reviews (${detail.reviews.length})`}),
      el("ul", {id: "reviews"}, detail.reviews.map((r) => el("li", {text:
        `${r.verdict} by ${r.reviewer} at ${r.reviewed_at}${r.event_type ? " → " + r.event_type : ""}` +
        `${r.modality ? " / " + r.modality : ""}${r.note ? ": " + r.note : ""}`}))),
      W.reviewAllowed() ? W.reviewForm(detail, config, () => showEvent(panel, event, config))
        : el("p", {class: "muted", text: "Reviews are off (start whimbrel serve with --allow-review)."}),
    );
    for (const node of document.querySelectorAll(".selected")) node.classList.remove("selected");
    for (const node of document.querySelectorAll(`[data-event="${CSS.escape(event.event_id)}"], ` +
      `.trigger[data-events~="${CSS.escape(event.event_id)}"]`)) node.classList.add("selected");
  }

  try {
    const query = W.params();
    const id = query.get("id");
    if (!id) throw new Error("no document id in the address (?id=...)");
    const [doc, config] = await Promise.all([api(`/api/documents/${encodeURIComponent(id)}`), api("/api/config")]);
    const from = parseInt(query.get("from"), 10);
    const to = parseInt(query.get("to"), 10);
    const focus = Number.isFinite(from) && Number.isFinite(to) ? {start: from, end: to} : null;
    const panel = el("aside", {id: "panel"}, el("p", {class: "muted", text: "Click a highlighted trigger to see its event."}));
    const select = (event) => showEvent(panel, event, config).catch((error) => panel.replaceChildren(
      el("p", {class: "error", text: error.message})));
    const text = el("div", {id: "doc-text", class: "doc-text"}, pieces(doc.text, spansOf(doc, focus)).map((p) => piece(doc.text, p, select)));
    W.main(
      el("h1", {text: doc.title || doc.doc_id}),
      el("p", {class: "muted", text: `${doc.outlet || "unknown outlet"} · ${doc.pub_date || "no date"} · ${doc.events.length} events`}),
      doc.url ? el("p", {}, /^https?:\/\//i.test(doc.url)  // never a javascript: link from the data
        ? el("a", {href: doc.url, rel: "noopener noreferrer", text: doc.url}) : el("span", {text: doc.url})) : null,
      el("p", {class: "legend"}, [el("span", {class: "trigger", text: "trigger"}), " ",
        el("span", {class: "actor", text: "actor"}), " ", el("span", {class: "quote", text: "quote"}), " ",
        el("span", {class: "date", text: "date"})]),
      el("div", {class: "doc-layout"}, [text, panel]),
      el("h2", {text: "Events in this document"}),
      eventList(doc, select),
    );
    const wanted = doc.events.find((e) => e.event_id === query.get("event"));
    if (wanted) {
      await select(wanted);
      document.querySelector(".trigger.selected")?.scrollIntoView({block: "center"});
    } else if (focus) {
      document.querySelector(".focus")?.scrollIntoView({block: "center"});
    }
  } catch (error) {
    W.fail(error);
  }
})();
