// polku serve: the workshop page. Plain JavaScript, no external files.
"use strict";

const WORDS = {
  fi: {
    title: "Polku – työpaja", ask: "Kysymys", base: "Perusskenaario", replications: "Toistoja",
    qname: "Kysymyksen nimi", levers: "Vipuvarret",
    "levers-help": "Muuta yhtä tai useampaa arvoa. Muuttamattomat pysyvät perusskenaarion arvoissa.",
    run: "Laske", cancel: "Peru", reset: "Palauta perusarvot", area: "Alue",
    history: "Istunnon kysymykset rinnakkain",
    "interval-note": "Luku on vaihtoehdon ja perusskenaarion erotus (vaihtoehto − perus), parittain samoilla satunnaisluvuilla laskettujen toistojen keskiarvona. Hakasulkeissa 5–95 % toistojen erotuksista: väli kuvaa vain Monte Carlo -vaihtelua toistojen välillä, ei mallin tai lähtötietojen epävarmuutta. Lihavoitu ja värillinen: väli ei sisällä nollaa.",
    "dl-overlay": "Skenaariotiedosto (YAML)", "dl-html": "Raportti (HTML)", "dl-xlsx": "Taulukot (xlsx)",
    indicator: "Mittari", queued: "Jonossa", base_stage: "Lasketaan perusskenaariota", variant: "Lasketaan vaihtoehtoa",
    done: "Valmis", failed: "Epäonnistui", cancelled: "Peruttu", nochange: "Muuta ensin jotain vipuvartta.",
    period: "Kausi", municipalities: "Kunnittain", all: "kaikki", seed: "siemen",
    meta: (a, q) => `${q.scenario}, ${q.replications} toistoa, siemen ${q.seed}; vastaus ${num(a.seconds, 1)} s` +
      (a.base_cached ? " (perusskenaario välimuistista)" : ` (perusskenaario ${num(a.base_seconds, 1)} s)`),
    changes: "Muutokset", diff: "erotus", history_note: (y, a) => `Erotus vuonna ${y}, ${a}. Napsauta kysymystä nähdäksesi sen vastauksen.`,
    show: "näytä", chart_note: "vaihtoehto − perus kuukausittain, varjostus 5–95 %",
    badjson: "Anna päivämäärät ja arvot, esim. {\"2025-01-01\": 2024}",
  },
  en: {
    title: "Polku – workshop", ask: "Question", base: "Base scenario", replications: "Replications",
    qname: "Name of the question", levers: "Levers",
    "levers-help": "Change one or more values. The others keep the base scenario's values.",
    run: "Run", cancel: "Cancel", reset: "Back to base values", area: "Area",
    history: "The session's questions side by side",
    "interval-note": "Each number is the variant's difference from the base (variant − base), the mean over replications paired with the same random numbers. In brackets, 5–95 % of the replications' differences: the interval covers only the Monte-Carlo variation between replications, not the uncertainty of the model or its data. Bold and coloured: the interval excludes zero.",
    "dl-overlay": "Scenario file (YAML)", "dl-html": "Report (HTML)", "dl-xlsx": "Tables (xlsx)",
    indicator: "Indicator", queued: "Queued", base_stage: "Running the base scenario", variant: "Running the variant",
    done: "Done", failed: "Failed", cancelled: "Cancelled", nochange: "Change a lever first.",
    period: "Period", municipalities: "By municipality", all: "all", seed: "seed",
    meta: (a, q) => `${q.scenario}, ${q.replications} replications, seed ${q.seed}; answered in ${num(a.seconds, 1)} s` +
      (a.base_cached ? " (base from the cache)" : ` (base ${num(a.base_seconds, 1)} s)`),
    changes: "Changes", diff: "difference", history_note: (y, a) => `Difference in ${y}, ${a}. Click a question to see its answer.`,
    show: "show", chart_note: "variant − base by month, shaded 5–95 %",
    badjson: "Give dates with values, e.g. {\"2025-01-01\": 2024}",
  },
};

// Labels of the levers and modules; a lever without one shows its parameter name.
const LEVER_LABELS = {
  counsellor_fte: ["Neuvojat kunnittain", "Counsellors by municipality"],
  team: ["Kenen kesken neuvojien aika jaetaan", "Who shares counsellor time"],
  meeting_policy: ["Tapaamismalli", "Meeting model"],
  capacity_mode: ["Paikkamäärä", "Capacity"],
  seats: ["Paikat kunnittain", "Places by municipality"],
  capacity_pool: ["Kenen kesken paikat jaetaan", "Who shares the places"],
  delivery: ["Järjestäjä ja maksaja", "Delivery (who pays)"],
  sharing_key: ["Yhteisten kustannusten jakoperuste", "Key for sharing common costs"],
  share_rule: ["Kunnan rahoitusosuuden säännöt päivästä alkaen", "Municipal share rule set from each date"],
};
const MODULE_LABELS = {
  counselling: ["Henkilökohtainen neuvonta", "Counselling"],
  labour_market_training: ["Työvoimakoulutus", "Labour market training"],
  integration_training: ["Kotoutumiskoulutus", "Integration training"],
  coaching: ["Valmennus", "Coaching"],
  wage_subsidy: ["Palkkatuki", "Wage subsidy"],
  work_trial: ["Työkokeilu", "Work trial"],
  rehabilitative_work: ["Kuntouttava työtoiminta", "Rehabilitative work"],
  self_motivated_study: ["Omaehtoinen opiskelu", "Self-motivated study"],
  municipal_ledger: ["Kuntien kustannukset", "Municipal costs"],
  benefits: ["Työttömyysetuudet", "Unemployment benefits"],
};
const CHOICE_LABELS = {
  municipality: ["kunta", "municipality"], area: ["työllisyysalue", "employment area"],
  total: ["kaikki yhdessä", "everyone together"], uniform: ["kaikille sama", "uniform"],
  needs_based: ["tarpeen mukaan", "needs-based"], unlimited: ["rajaton", "unlimited"],
  seats: ["paikat ja jono", "places with a queue"], local: ["kunta itse", "local"],
  causation: ["aiheuttamisperiaate", "causation"], central: ["keskitetty", "central"],
  procured: ["hankittu", "procured"], state_grant: ["valtionosuuskriteerit", "state-grant criteria"],
  population: ["työikäinen väestö", "working-age population"],
  unemployed: ["työttömät", "unemployed"], usage: ["käyttö", "usage"],
};

let lang = "fi";
let scenario = null;        // the chosen base scenario with its levers
let current = null;         // the question being run
let shown = null;           // the question whose answer is shown
const answers = new Map();  // question id -> {question, answer}
let pollTimer = null;

const $ = (id) => document.getElementById(id);
const t = (key) => WORDS[lang][key] ?? key;
const pick = (pair, fallback) => (pair ? pair[lang === "fi" ? 0 : 1] : fallback);

function num(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return new Intl.NumberFormat(lang === "fi" ? "fi-FI" : "en-GB",
    { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}
function digitsOf(indicator) {
  if (indicator.endsWith("_eur")) return 0;
  if (indicator === "activation_rate" || indicator === "caseload_per_counsellor") return 1;
  return 0;
}
function unitOf(indicator) {
  if (indicator.endsWith("_eur")) return " €";
  if (indicator === "activation_rate") return lang === "fi" ? " %-yks." : " pp";
  return "";
}
function signed(v, digits) { return (v > 0 ? "+" : "") + num(v, digits); }

async function api(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  return { ok: res.ok, status: res.status, body };
}

// --- language ------------------------------------------------------------------------------

function setLang(l) {
  lang = l;
  document.documentElement.lang = l;
  $("lang-fi").classList.toggle("active", l === "fi");
  $("lang-en").classList.toggle("active", l === "en");
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  document.title = t("title");
  if (scenario) renderLevers(collectChanges().changes);
  if (shown) renderAnswer(shown);
  renderHistory();
}

// --- scenarios and levers ------------------------------------------------------------------

async function loadScenarios() {
  const r = await api("/api/scenarios");
  const select = $("scenario");
  select.innerHTML = "";
  for (const name of r.body.scenarios) {
    const o = document.createElement("option");
    o.value = o.textContent = name;
    select.appendChild(o);
  }
  const preferred = r.body.scenarios.find((n) => n === "oulu-2025") ?? r.body.scenarios[0];
  if (preferred) { select.value = preferred; await chooseScenario(preferred); }
}

async function chooseScenario(name) {
  $("levers").innerHTML = "";
  $("scenario-info").textContent = "…";
  const r = await api("/api/scenarios/" + encodeURIComponent(name));
  if (!r.ok) { $("scenario-info").textContent = messages(r.body); scenario = null; return; }
  scenario = r.body;
  $("replications").value = scenario.replications;
  $("replications").max = scenario.max_replications;
  $("scenario-info").textContent = `${scenario.description} (${scenario.start} – ${scenario.end})`;
  renderLevers({});
}

function leverLabel(l) { return pick(LEVER_LABELS[l.parameter], l.parameter); }
function rangeText(l) {
  if (l.min === null && l.max === null) return "";
  return ` [${l.min ?? "−∞"}, ${l.max ?? "∞"}]`;
}

function inputFor(l, field, value, changed) {
  let el;
  if (l.choices) {
    el = document.createElement("select");
    for (const c of l.choices) {
      const o = document.createElement("option");
      o.value = c;
      o.textContent = pick(CHOICE_LABELS[c], c);
      el.appendChild(o);
    }
    el.value = changed !== undefined ? changed : value;
  } else if (l.type === "boolean") {
    el = document.createElement("input");
    el.type = "checkbox";
    el.checked = changed !== undefined ? changed : value;
  } else if (l.type === "dated_values" || l.type === "dated_lists") {
    el = document.createElement("input");
    el.type = "text";
    el.value = JSON.stringify(changed !== undefined ? changed : value);
  } else {
    el = document.createElement("input");
    el.type = "number";
    el.step = l.type === "integer" ? "1" : "any";
    if (l.min !== null) el.min = l.min;
    if (l.max !== null) el.max = l.max;
    el.value = changed !== undefined ? changed : value;
  }
  el.dataset.field = field;
  el.dataset.base = JSON.stringify(value);
  el.addEventListener("input", () => markChanged(el));
  el.addEventListener("change", () => markChanged(el));
  markChanged(el);
  return el;
}

function errorBox(field) {
  const d = document.createElement("div");
  d.className = "field-error";
  d.dataset.for = field;
  return d;
}

function renderLevers(changes) {
  const root = $("levers");
  root.innerHTML = "";
  const byModule = new Map();
  for (const l of scenario.levers) {
    if (!byModule.has(l.module)) byModule.set(l.module, []);
    byModule.get(l.module).push(l);
  }
  for (const [module, levers] of byModule) {
    const fs = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = pick(MODULE_LABELS[module], module);
    fs.appendChild(legend);
    for (const l of levers) {
      const box = document.createElement("div");
      box.className = "lever";
      box.title = l.doc;
      const label = document.createElement("label");
      label.innerHTML = "";
      label.append(leverLabel(l));
      const unit = document.createElement("span");
      unit.className = "unit";
      unit.textContent = (l.unit ? ` (${l.unit})` : "") + rangeText(l);
      label.appendChild(unit);
      if (l.type === "per_municipality") {
        const details = document.createElement("details");
        const summary = document.createElement("summary");
        summary.appendChild(label);
        details.appendChild(summary);
        const grid = document.createElement("div");
        grid.className = "munis";
        let open = false;
        for (const m of Object.keys(l.current)) {
          const field = `${l.id}.${m}`;
          const ml = document.createElement("label");
          ml.textContent = m;
          const input = inputFor(l, field, l.current[m], changes[field]);
          input.id = "lever-" + field;
          ml.htmlFor = input.id;
          grid.append(ml, input, errorBox(field), document.createElement("span"));
          if (changes[field] !== undefined) open = true;
        }
        details.open = open;
        details.appendChild(grid);
        box.appendChild(details);
      } else {
        const input = inputFor(l, l.id, l.current, changes[l.id]);
        input.id = "lever-" + l.id;
        label.htmlFor = input.id;
        box.append(label, input, errorBox(l.id));
      }
      fs.appendChild(box);
    }
    root.appendChild(fs);
  }
}

function valueOf(el) {
  if (el.type === "checkbox") return el.checked;
  if (el.tagName === "SELECT") return el.value;
  if (el.type === "number") return el.value === "" ? null : Number(el.value);
  try { return JSON.parse(el.value); } catch (e) { return undefined; }
}

function markChanged(el) {
  const v = valueOf(el);
  el.classList.toggle("changed", JSON.stringify(v) !== el.dataset.base);
}

function collectChanges() {
  const changes = {};
  const bad = [];
  document.querySelectorAll("#levers [data-field]").forEach((el) => {
    if (el.classList.contains("field-error")) return;
    const v = valueOf(el);
    if (v === undefined) { bad.push({ field: el.dataset.field, message: t("badjson") }); return; }
    if (JSON.stringify(v) !== el.dataset.base) changes[el.dataset.field] = v;
  });
  return { changes, bad };
}

// --- errors beside their fields ------------------------------------------------------------

function messages(body) {
  return body && body.errors ? body.errors.map((e) => (e.field ? `${e.field}: ` : "") + e.message).join("; ") : "";
}
function clearErrors() {
  document.querySelectorAll(".field-error").forEach((d) => { d.textContent = ""; });
  document.querySelectorAll(".invalid").forEach((d) => d.classList.remove("invalid"));
}
function showErrors(errors) {
  const loose = [];
  for (const e of errors) {
    const box = document.querySelector(`.field-error[data-for="${CSS.escape(e.field)}"]`);
    const input = document.querySelector(`[data-field="${CSS.escape(e.field)}"]:not(.field-error)`) ||
      (e.field === "replications" ? $("replications") : null);
    if (box && e.field !== "") {
      box.textContent = (box.textContent ? box.textContent + " " : "") + e.message;
      if (input) input.classList.add("invalid");
      const details = box.closest("details");
      if (details) details.open = true;
    } else {
      loose.push((e.field ? e.field + ": " : "") + e.message);
    }
  }
  $("form-error").textContent = loose.join("\n");
}

// --- asking --------------------------------------------------------------------------------

async function run() {
  clearErrors();
  if (!scenario) return;
  const { changes, bad } = collectChanges();
  if (bad.length) { showErrors(bad); return; }
  if (Object.keys(changes).length === 0) { $("form-error").textContent = t("nochange"); return; }
  const replications = Number($("replications").value);
  const body = { scenario: scenario.name, name: $("question-name").value.trim(), replications, changes };
  const r = await api("/api/questions", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!r.ok) { showErrors(r.body && r.body.errors ? r.body.errors : [{ field: "", message: `HTTP ${r.status}` }]); return; }
  current = r.body;
  $("cancel").disabled = false;
  $("progress").hidden = false;
  poll();
}

async function poll() {
  clearTimeout(pollTimer);
  if (!current) return;
  // The server holds the request until the answer is ready or 250 ms have passed: the progress
  // bar moves four times a second and the answer shows as soon as it exists.
  const r = await api(`/api/questions/${current.id}?wait=250`);
  if (!r.ok) { pollTimer = setTimeout(poll, 1000); return; }
  const q = r.body;
  $("progress").value = q.progress;
  const stage = q.state === "base" ? t("base_stage") : t(q.state);
  $("status-text").textContent = `${q.name}: ${stage}` + (q.error ? ` – ${q.error}` : "") +
    (q.state === "base" || q.state === "variant" ? ` ${Math.round(q.progress * 100)} %` : "");
  if (q.state === "done") {
    answers.set(q.id, q);
    finish();
    renderAnswer(q);
    renderHistory();
  } else if (q.state === "failed" || q.state === "cancelled") {
    finish();
  } else {
    pollTimer = setTimeout(poll, 0);
  }
}

function finish() {
  current = null;
  $("cancel").disabled = true;
  $("progress").hidden = true;
}

async function cancel() {
  if (!current) return;
  await api(`/api/questions/${current.id}/cancel`, { method: "POST" });
  poll();
}

// --- the answer ----------------------------------------------------------------------------

function areaName(h, a) { return h.area_labels[a] ? h.area_labels[a][lang] : a; }
function defaultArea(h) {
  // The employment area if there is one, else the total.
  const areas = scenario && scenario.name ? (scenario.areas || []) : [];
  return h.areas.find((a) => areas.includes(a)) ?? "total";
}

function renderAnswer(q) {
  shown = q;
  const a = q.answer;
  const h = a.headline;
  $("answer").hidden = false;
  $("answer-title").textContent = q.name;
  $("answer-meta").textContent = t("meta")(a, q);
  const select = $("area");
  const keep = select.value && h.areas.includes(select.value) ? select.value : defaultArea(h);
  select.innerHTML = "";
  for (const ar of h.areas) {
    const o = document.createElement("option");
    o.value = ar;
    o.textContent = areaName(h, ar);
    select.appendChild(o);
  }
  select.value = keep;
  renderHeadline(q, keep);
  renderCharts(q, keep);
  $("dl-overlay").href = `/api/questions/${q.id}/overlay.yaml`;
  $("dl-html").href = `/api/questions/${q.id}/report.html?lang=${lang}`;
  $("dl-xlsx").href = `/api/questions/${q.id}/results.xlsx?lang=${lang}`;
}

function cellOf(h, area, year, indicator) {
  const a = h.areas.indexOf(area), y = h.years.indexOf(year), i = h.indicators.indexOf(indicator);
  if (a < 0 || y < 0 || i < 0) return null;
  const c = h.cells[(a * h.years.length + y) * h.indicators.length + i];
  return { base: c[0], variant: c[1], diff: c[2], low: c[3], high: c[4], sig: c[5] };
}

function diffCell(td, c, indicator, area, year) {
  const d = digitsOf(indicator);
  td.dataset.area = area;
  td.dataset.year = year;
  td.dataset.indicator = indicator;
  td.dataset.diff = String(c.diff);
  td.dataset.low = String(c.low);
  td.dataset.high = String(c.high);
  if (c.sig) td.classList.add("sig", c.diff > 0 ? "up" : "down");
  const diff = document.createElement("span");
  diff.className = "diff";
  diff.textContent = signed(c.diff, d) + unitOf(indicator);
  const iv = document.createElement("span");
  iv.className = "iv";
  iv.textContent = `[${signed(c.low, d)}, ${signed(c.high, d)}]`;
  td.title = `${num(c.base, d)} → ${num(c.variant, d)}`;
  td.append(diff, iv);
}

function renderHeadline(q, area) {
  const h = q.answer.headline;
  const table = $("headline");
  table.innerHTML = "";
  const head = table.createTHead().insertRow();
  const th0 = document.createElement("th");
  th0.textContent = t("indicator");
  head.appendChild(th0);
  for (const y of h.years) {
    const th = document.createElement("th");
    th.textContent = y;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const ind of h.indicators) {
    const row = body.insertRow();
    const name = row.insertCell();
    name.textContent = h.labels[ind][lang];
    for (const y of h.years) diffCell(row.insertCell(), cellOf(h, area, y, ind), ind, area, y);
  }
}

function renderCharts(q, area) {
  const root = $("charts");
  root.innerHTML = "";
  const s = q.answer.series;
  for (const [name, series] of Object.entries(s.values)) {
    const v = series.areas[area];
    if (!v) continue;
    const box = document.createElement("div");
    box.className = "chart";
    const title = document.createElement("h4");
    title.textContent = `${series.label[lang]}: ${t("chart_note")}`;
    box.appendChild(title);
    box.appendChild(chart(s.months, v, digitsOf(name)));
    root.appendChild(box);
  }
}

function chart(months, v, digits) {
  const W = 460, H = 190, L = 64, R = 8, T = 8, B = 24;
  const diff = v.variant.map((x, i) => x - v.base[i]);
  const all = [...v.low, ...v.high, ...diff, 0].filter((x) => Number.isFinite(x));
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi === lo) { hi += 1; lo -= 1; }
  const x = (i) => L + (W - L - R) * (months.length > 1 ? i / (months.length - 1) : 0.5);
  const y = (val) => T + (H - T - B) * (1 - (val - lo) / (hi - lo));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, val] of Object.entries(attrs)) e.setAttribute(k, val);
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  const band = [];
  months.forEach((m, i) => { if (Number.isFinite(v.high[i])) band.push(`${x(i)},${y(v.high[i])}`); });
  for (let i = months.length - 1; i >= 0; --i) if (Number.isFinite(v.low[i])) band.push(`${x(i)},${y(v.low[i])}`);
  add("polygon", { points: band.join(" "), fill: "#0b5cad", "fill-opacity": "0.18" });
  add("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), stroke: "#5b6774", "stroke-dasharray": "3 3" });
  const line = diff.map((d, i) => (Number.isFinite(d) ? `${x(i)},${y(d)}` : null)).filter(Boolean);
  add("polyline", { points: line.join(" "), fill: "none", stroke: "#0b5cad", "stroke-width": "2" });
  for (const val of [lo, 0, hi])
    add("text", { x: L - 4, y: y(val) + 4, "text-anchor": "end", "font-size": "11", fill: "#5b6774" }, signed(val, digits));
  months.forEach((m, i) => {
    if (m.endsWith("-01") || i === 0)
      add("text", { x: x(i), y: H - 6, "text-anchor": "middle", "font-size": "11", fill: "#5b6774" }, m.slice(0, 4));
  });
  return svg;
}

// --- history ------------------------------------------------------------------------------

function renderHistory() {
  const table = $("history");
  table.innerHTML = "";
  const done = [...answers.values()];
  $("history-panel").hidden = done.length === 0;
  if (!done.length) return;
  const ref = (shown ?? done[done.length - 1]).answer.headline;
  const area = $("area").value || defaultArea(ref);
  const year = ref.years[ref.years.length - 1];
  $("history-note").textContent = t("history_note")(year, areaName(ref, area));
  const head = table.createTHead().insertRow();
  const th0 = document.createElement("th");
  th0.textContent = t("indicator");
  head.appendChild(th0);
  for (const q of done) {
    const th = document.createElement("th");
    th.classList.toggle("current", shown && shown.id === q.id);
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = q.name;
    b.title = Object.entries(q.changes).map(([k, val]) => `${k} = ${JSON.stringify(val)}`).join("\n");
    b.addEventListener("click", () => { renderAnswer(q); renderHistory(); });
    th.appendChild(b);
    const info = document.createElement("div");
    info.className = "muted";
    info.textContent = `${q.scenario}, ${q.replications}×`;
    th.appendChild(info);
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const ind of ref.indicators) {
    const row = body.insertRow();
    row.insertCell().textContent = ref.labels[ind][lang];
    for (const q of done) {
      const td = row.insertCell();
      const h = q.answer.headline;
      const c = cellOf(h, area, h.years.includes(year) ? year : h.years[h.years.length - 1], ind);
      if (c) diffCell(td, c, ind, area, year); else td.textContent = "–";
    }
  }
}

// --- start ---------------------------------------------------------------------------------

$("lang-fi").addEventListener("click", () => setLang("fi"));
$("lang-en").addEventListener("click", () => setLang("en"));
$("scenario").addEventListener("change", (e) => chooseScenario(e.target.value));
$("run").addEventListener("click", run);
$("cancel").addEventListener("click", cancel);
$("reset").addEventListener("click", () => { clearErrors(); if (scenario) renderLevers({}); });
$("area").addEventListener("change", (e) => {
  if (shown) { renderHeadline(shown, e.target.value); renderCharts(shown, e.target.value); }
  renderHistory();
});
loadScenarios();
