// The dashboard's only script. Fragments are rendered (and escaped) by the server; this file
// fetches them with the sandbox key, and sends every change to the control API as JSON.
// The key lives in the page's fragment (#key=…), which browsers never send to a server.
"use strict";

const CONTROL = new URL("../", document.baseURI).pathname;
const PARTIALS = new URL("partials/", document.baseURI).pathname;
const POLL_MS = 2000;
const state = { key: "", tab: "calendar", week: "", poll: 0, proxy: null };
// What a validating proxy's own server shows: its journal, not a sandbox of its own.
const PROXY_TABS = ["journal", "coverage"];

function fragment() {
  const raw = location.hash.slice(1);
  // A bare key (#sk_rsv_…), as people paste it, as well as #key=…&tab=….
  if (raw && !raw.includes("=")) return { key: decodeURIComponent(raw), tab: "calendar" };
  const params = new URLSearchParams(raw);
  return { key: params.get("key") || "", tab: params.get("tab") || "calendar" };
}

// An entry's detail opens under the lane of the card it shows (not below every lane), and goes
// back to its place, emptied, before the calendar is drawn again.
function placeDetail(card) {
  const detail = document.getElementById("entry");
  const lane = card && card.closest(".lane");
  if (lane) lane.after(detail);
  else document.getElementById("calendar").after(detail);
}

function writeFragment() {
  const params = new URLSearchParams({ key: state.key, tab: state.tab });
  history.replaceState(null, "", "#" + params.toString());
}

function say(text, failed) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(failed));
}

async function problemText(response) {
  try {
    const problem = await response.json();
    const fields = (problem.invalid_params || []).map((p) => `${p.name}: ${p.reason}`).join("; ");
    return `${response.status} ${problem.title || ""}: ${problem.detail || ""}${fields ? " (" + fields + ")" : ""}`;
  } catch (_) {
    return `${response.status} ${response.statusText}`;
  }
}

// Said while a view is fetched for the first time, or for another week: a calendar of four
// lanes takes a moment, and an empty panel looked like an empty sandbox. Polls refresh in place.
function showLoading(target, what) {
  target.setAttribute("aria-busy", "true");
  const note = document.createElement("p");
  note.className = "loading";
  note.setAttribute("role", "status");
  note.textContent = `Loading ${what}…`;
  target.replaceChildren(note);
}

async function load(name, targetId, params, busy = false) {
  const query = params ? "?" + new URLSearchParams(params).toString() : "";
  const target = document.getElementById(targetId);
  if (busy || !target.innerHTML.trim()) showLoading(target, name === "calendar" ? "the week" : name);
  const response = await fetch(PARTIALS + name + query, {
    headers: { Authorization: "Bearer " + state.key },
    cache: "no-store",
  });
  target.removeAttribute("aria-busy");
  if (!response.ok) {
    if (target.querySelector(".loading")) target.replaceChildren();
    say(await problemText(response), true);
    return false;
  }
  if (targetId === "calendar") {
    placeDetail(null);
    document.getElementById("entry").innerHTML = "";
  }
  // Server-rendered and escaped by Jinja2; the page's policy forbids inline scripts besides.
  target.innerHTML = await response.text();
  return true;
}

async function control(method, path, body) {
  const init = { method, headers: { Authorization: "Bearer " + state.key } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(CONTROL + path.replace(/^\//, ""), init);
  if (!response.ok) {
    say(await problemText(response), true);
    return null;
  }
  say(`${method} ${path}: ${response.status}`);
  return response;
}

function formBody(form) {
  const body = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled) continue;
    if (field.type === "checkbox" && field.hasAttribute("data-list")) {
      body[field.name] = body[field.name] || [];
      if (field.checked) body[field.name].push(field.value);
    } else if (field.type === "checkbox") {
      body[field.name] = field.checked;
    } else if (field.value === "") {
      continue;
    } else if (field.type === "number") {
      body[field.name] = Number(field.value);
    } else {
      body[field.name] = field.value;
    }
  }
  return body;
}

// booking-sandbox proxy's own server keeps the journal of what it passes upstream, in a
// sandbox no API call reaches: its clock, world, faults and webhooks are no one's, and a
// calendar of its seeded world read as the upstream's bookings. Its health names the upstream.
async function proxied() {
  try {
    const response = await fetch(CONTROL + "health", { cache: "no-store" });
    return response.ok ? (await response.json()).proxy || null : null;
  } catch (_) {
    return null;
  }
}

function showProxy(proxy) {
  for (const button of [...document.querySelectorAll("[role=tab]")]) {
    const tab = button.id.replace("tab-", "");
    if (PROXY_TABS.includes(tab)) continue;
    document.getElementById(button.getAttribute("aria-controls")).remove();
    button.remove();
  }
  const note = document.createElement("p");
  note.className = "proxy-note";
  note.textContent =
    `The journal of booking-sandbox proxy: the ${proxy.api} calls it passed to ${proxy.upstream}. ` +
    "The clock, data, faults and webhooks are the upstream's, not shown here.";
  document.getElementById("overview").replaceChildren(note);
  if (!PROXY_TABS.includes(state.tab)) state.tab = "journal";
}

async function refresh() {
  if (!state.key) return;
  if (!state.proxy && !(await load("overview", "overview"))) return;
  const views = {
    calendar: () => load("calendar", "calendar", state.week ? { week: state.week } : undefined),
    journal: () => refreshJournal(),
    faults: () => load("faults", "faults"),
    coverage: () => load("coverage", "coverage"),
    webhooks: () => load("webhooks", "webhooks"),
    data: () => load("data", "data"),
  };
  await views[state.tab]();
}

function journalQuery() {
  const query = {};
  for (const [name, value] of new FormData(document.getElementById("journal-filter"))) {
    if (value) query[name] = value;
  }
  return query;
}

function refreshJournal() {
  return load("journal", "journal", journalQuery());
}

// The tab list's keys, as WAI-ARIA's tabs pattern gives them and screen readers announce them
// ("tab 2 of 6"): arrows move to the next or previous tab and show it, Home and End the ends.
function tabKeys(event) {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const at = tabs.indexOf(document.activeElement);
  const step = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (at < 0 || step === undefined) return;
  event.preventDefault();
  const next = tabs[(step + tabs.length) % tabs.length];
  next.focus();
  showTab(next.id.replace("tab-", ""));
}

function showTab(tab) {
  state.tab = tab;
  for (const button of document.querySelectorAll("[role=tab]")) {
    const selected = button.id === "tab-" + tab;
    button.setAttribute("aria-selected", String(selected));
    button.tabIndex = selected ? 0 : -1; // one stop in the Tab order; arrows move along (tabKeys)
    document.getElementById(button.getAttribute("aria-controls")).hidden = !selected;
  }
  writeFragment();
  clearInterval(state.poll);
  if (tab === "journal") {
    state.poll = setInterval(() => {
      if (document.getElementById("journal-live").checked && !document.hidden) refreshJournal();
    }, POLL_MS);
  }
  return refresh();
}

async function download(path, name) {
  const response = await control("GET", path);
  if (!response) return;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

function open(key) {
  state.key = key;
  document.getElementById("main").hidden = false;
  document.getElementById("copy-link").hidden = false;
  return showTab(state.tab);
}

document.addEventListener("DOMContentLoaded", async () => {
  const given = fragment();
  state.tab = given.tab;
  state.proxy = await proxied();
  if (state.proxy) showProxy(state.proxy);
  document.getElementById("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("key-input");
    open(input.value.trim());
  });
  document.getElementById("copy-link").addEventListener("click", async () => {
    const share = "It carries the key after #, so share it only with people who may use this sandbox.";
    try {
      await navigator.clipboard.writeText(location.href);
      say("Link copied. " + share);
    } catch (_) {
      // No clipboard outside a secure context: a team server at http://its-name:8000/.
      say("This browser lets no page copy here: copy the address bar's link. " + share);
    }
  });
  document.getElementById("journal-filter").addEventListener("input", () => refreshJournal());
  document.getElementById("journal-filter").addEventListener("submit", (event) => event.preventDefault());
  document.getElementById("journal-har").addEventListener("click", () => {
    const query = new URLSearchParams(journalQuery()).toString();
    download("/journal/har" + (query ? "?" + query : ""), "sandbox-journal.har");
  });
  for (const button of document.querySelectorAll("[role=tab]")) {
    button.addEventListener("click", () => showTab(button.id.replace("tab-", "")));
  }
  document.querySelector("[role=tablist]").addEventListener("keydown", tabKeys);

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.id === "import-form") {
      event.preventDefault();
      const file = form.elements.file.files[0];
      if (file && (await control("POST", "/state", await file.text()))) refresh();
      return;
    }
    const spec = form.getAttribute("data-control");
    if (!spec) return;
    event.preventDefault();
    if (form.dataset.confirm && !confirm(form.dataset.confirm)) return;
    const [method, path] = spec.split(" ");
    if (await control(method, path, formBody(form))) refresh();
  });

  document.addEventListener("click", async (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.week) {
      state.week = target.dataset.week;
      load("calendar", "calendar", { week: state.week }, true);
    } else if (target.dataset.ref) {
      if (await load("entry", "entry", { api: target.dataset.api, ref: target.dataset.ref })) {
        placeDetail(target);
        const detail = document.getElementById("entry");
        detail.focus({ preventScroll: true });
        detail.scrollIntoView({ block: "nearest" });
      }
    } else if (target.dataset.exchange) {
      if (state.tab !== "journal") await showTab("journal");
      if (await load("exchange", "exchange", { id: target.dataset.exchange })) {
        document.getElementById("exchange").focus();
      }
    } else if (target.dataset.close) {
      document.getElementById(target.dataset.close).innerHTML = "";
    } else if (target.dataset.call) {
      const [method, path] = target.dataset.call.split(" ");
      if (await control(method, path)) refresh();
    } else if (target.dataset.copy) {
      const text = document.getElementById(target.dataset.copy);
      text.select();
      try {
        await navigator.clipboard.writeText(text.value);
        say("Copied.");
      } catch (_) {
        say("Selected: press Ctrl+C to copy.");
      }
    } else if (target.id === "export-state") {
      download("/state", "sandbox-state.json");
    }
  });

  if (given.key) {
    document.getElementById("key-input").value = given.key;
    open(given.key);
  }
});

window.addEventListener("hashchange", () => {
  const given = fragment();
  if (given.key && given.key !== state.key) open(given.key);
});
