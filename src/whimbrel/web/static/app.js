// whimbrel dashboard: shared helpers. Every string from the store or the user reaches the page
// through textContent or setAttribute (never innerHTML), so article text is shown, never run.
"use strict";

const W = (() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).getAttribute("content");
  const SVG = "http://www.w3.org/2000/svg";
  const PAGES = [["/", "Events"], ["/timeline", "Timeline"], ["/network", "Network"],
    ["/negotiation", "Negotiation"], ["/review", "Review queue"], ["/docs", "API"]];
  // one colour per PLOVER type (cooperative types green/blue, conflictual orange/red)
  const TYPE_COLOURS = {
    AGREE: "#1b9e77", CONSULT: "#4e79a7", SUPPORT: "#59a14f", CONCEDE: "#76b7b2", COOPERATE: "#2a7f62",
    AID: "#8cd17d", RETREAT: "#b6992d", REQUEST: "#9c755f", ACCUSE: "#f28e2b", REJECT: "#e15759",
    THREATEN: "#d37295", PROTEST: "#ff9d9a", SANCTION: "#b07aa1", MOBILIZE: "#bab0ac", COERCE: "#c0392b",
    ASSAULT: "#7b1e1e",
  };

  function build(ns, tag, attrs, children) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const el = (tag, attrs, children) => build(null, tag, attrs, children);
  const svg = (tag, attrs, children) => build(SVG, tag, attrs, children);

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, {headers: {Accept: "application/json"}});
    const body = await response.json();
    if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
    return body;
  }

  async function postReview(review) {
    const response = await fetch("/api/reviews", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Whimbrel-Token": meta("whimbrel-token")},
      body: JSON.stringify(review),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
    return body;
  }

  function actorLabel(actor) {
    if (!actor) return "–";
    const code = `${actor.country || "---"}${actor.sector || ""}`;
    return `${actor.name || actor.text} [${code}]`;
  }

  function eventLink(event) {
    return `/document?id=${encodeURIComponent(event.doc_id)}&event=${encodeURIComponent(event.event_id)}`;
  }

  function typeBadge(type, mode) {
    const badge = el("span", {class: "badge", text: type + (mode ? "/" + mode : "")});
    badge.style.backgroundColor = TYPE_COLOURS[type] || "#888";
    return badge;
  }

  // replace a node's children, skipping the null of an absent optional part
  function fill(node, ...children) {
    node.replaceChildren(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }
  const main = (...children) => fill(document.getElementById("main"), ...children);

  function fail(error) {
    main(el("p", {class: "error", role: "alert", text: `Could not load: ${error.message}`}));
  }

  function nav() {
    const here = window.location.pathname;
    document.getElementById("nav").replaceChildren(...PAGES.map(([href, label]) =>
      el("a", {href, class: href === here ? "active" : null, text: label})));
  }

  // the review form of one event: verdict buttons and optional corrections
  function reviewForm(event, config, onDone) {
    const status = el("span", {class: "review-status", role: "status"});
    const reviewer = el("input", {name: "reviewer", placeholder: "your name", maxlength: 100,
      value: localStorage.getItem("whimbrel-reviewer") || ""});
    const choice = (name, values) => el("select", {name}, [el("option", {value: "", text: `${name}: as coded`}),
      ...values.map((v) => el("option", {value: v, text: v}))]);
    const fields = {
      event_type: choice("event_type", config.event_types), modality: choice("modality", config.modalities),
      source_country: el("input", {name: "source_country", placeholder: "source country (ISO3)", maxlength: 3, size: 6}),
      target_country: el("input", {name: "target_country", placeholder: "target country", maxlength: 3, size: 6}),
      note: el("input", {name: "note", placeholder: "note", maxlength: 2000}),
    };
    async function send(verdict) {
      const review = {event_id: event.event_id, verdict, reviewer: reviewer.value.trim()};
      for (const [key, input] of Object.entries(fields)) {
        const value = input.value.trim();
        if (value) review[key] = key.endsWith("country") ? value.toUpperCase() : value;
      }
      if (!review.reviewer) { status.textContent = "Enter your name first."; return; }
      localStorage.setItem("whimbrel-reviewer", review.reviewer);
      try {
        await postReview(review);
        status.textContent = `Saved: ${verdict}.`;
        if (onDone) onDone(verdict);
      } catch (error) {
        status.textContent = `Not saved: ${error.message}`;
      }
    }
    return el("div", {class: "review-form", "data-event": event.event_id}, [
      reviewer, ...Object.values(fields),
      el("button", {type: "button", class: "right", onclick: () => send("right"), text: "Right"}),
      el("button", {type: "button", class: "wrong", onclick: () => send("wrong"), text: "Wrong"}),
      status,
    ]);
  }

  const reviewAllowed = () => meta("whimbrel-review") === "1";
  const params = () => new URLSearchParams(window.location.search);
  const fmt = (x, digits = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));

  document.addEventListener("DOMContentLoaded", nav);
  return {el, svg, api, postReview, actorLabel, eventLink, typeBadge, fill, main, fail, reviewForm,
    reviewAllowed, params, fmt, TYPE_COLOURS};
})();
