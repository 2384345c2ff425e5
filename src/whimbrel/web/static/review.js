// Review queue: events nobody has reviewed yet, lowest confidence first, each with its evidence
// and (with --allow-review) the review form.
"use strict";

(async () => {
  const {el, api} = W;
  const PAGE_SIZE = 20;

  function card(event, config) {
    const attribution = event.attribution || {};
    const item = el("li", {class: "queue-item", "data-event": event.event_id}, [
      el("p", {}, [W.typeBadge(event.event_type, event.mode), " ",
        el("span", {class: `modality m-${event.modality}`, text: event.modality}), " ",
        el("span", {text: `${W.actorLabel(event.source)} → ${W.actorLabel(event.target)}`}), " ",
        el("span", {class: "muted", text: `confidence ${W.fmt(event.confidence)}` +
          (attribution.speaker ? ` · said by ${attribution.speaker}` : "")})]),
      el("blockquote", {}, el("a", {href: W.eventLink(event), text: event.evidence.sentence || ""})),
    ]);
    if (W.reviewAllowed()) item.append(W.reviewForm(event, config, () => item.classList.add("done")));
    return item;
  }

  try {
    const [config, result] = await Promise.all([api("/api/config"),
      api("/api/events", {sort: "confidence", unreviewed: "true", page_size: PAGE_SIZE})]);
    W.main(
      el("h1", {text: "Review queue"}),
      el("p", {}, [el("span", {id: "total", text: String(result.total)}),
        " events not reviewed yet; the least confident first."]),
      W.reviewAllowed() ? null : el("p", {class: "muted",
        text: "Reviews are off: start whimbrel serve with --allow-review to record verdicts."}),
      el("ol", {id: "queue"}, result.events.map((event) => card(event, config))),
    );
  } catch (error) {
    W.fail(error);
  }
})();
