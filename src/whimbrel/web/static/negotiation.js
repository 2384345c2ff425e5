// Negotiation tracker (whimbrel.negotiation): meetings, agreements, demands, proposals,
// conditions and disputes between the chosen parties, each item linked to its evidence.
"use strict";

(async () => {
  const {el, api} = W;
  const SECTIONS = ["meetings", "agreements", "demands", "proposals", "conditions", "disputes"];

  function item(it) {
    const extra = [it.place, it.format, it.duration, (it.mediators || []).length ? "mediator " + it.mediators.join(", ") : null,
      it.status, it.modality].filter(Boolean).join("; ");
    return el("li", {class: "negotiation-item"}, [
      el("p", {}, [el("strong", {text: it.date || "undated"}), ` ${it.by || "?"} → ${it.of || "?"} `,
        el("span", {class: "muted", text: `[${extra}]`}), ` sources: ${(it.sources || []).join(", ")}`]),
      (it.items || []).length ? el("ul", {}, it.items.slice(0, 6).map((x) => el("li", {text: x}))) : null,
      it.condition ? el("p", {text: `condition: ${it.condition}`}) : null,
      el("ul", {class: "evidence-list"}, (it.evidence || []).map((e) => el("li", {}, el("a", {
        href: `/document?${new URLSearchParams({id: e.doc_id, from: e.start, to: e.end})}`,
        text: `${e.outlet || e.doc_id}: ${e.sentence}`})))),
    ]);
  }

  try {
    const parties = (W.params().get("parties") || "RUS,UKR").toUpperCase();
    const form = el("form", {class: "filters"}, [el("label", {}, ["parties",
      el("input", {name: "parties", value: parties, size: 20, maxlength: 23})]), el("button", {type: "submit", text: "Show"})]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      window.location.search = new URLSearchParams({parties: new FormData(form).get("parties").replace(/\s+/g, "")});
    });
    W.main(el("h1", {text: "Negotiation"}), form, el("p", {class: "muted", text: "Loading…"}));
    const timeline = await api("/api/negotiation", {parties});
    W.main(
      el("h1", {text: `Negotiation ${timeline.parties.join(" – ")}`}),
      form,
      el("p", {text: `mediators: ${timeline.mediators.join(", ") || "–"} · outside parties: ${timeline.outside.join(", ") || "–"}`}),
      ...SECTIONS.flatMap((section) => [
        el("h2", {text: `${section} (${timeline[section].length})`}),
        el("ol", {id: `section-${section}`}, timeline[section].map(item)),
      ]),
    );
  } catch (error) {
    W.fail(error);
  }
})();
