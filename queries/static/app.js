// The cio-graph page: canned queries, a SPARQL editor, exports and figures.
// Report text is untrusted: every value is written with textContent, never as HTML.
"use strict";

const ROW_CAP_HEADER = "X-SPARQL-MaxRows";

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function cellText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}

/** A table of rows (arrays of values) under the given column names. */
function table(columns, rows) {
  const head = el("tr", {}, ...columns.map((c) => el("th", { scope: "col", text: c })));
  const body = el("tbody");
  for (const row of rows) {
    body.append(el("tr", {}, ...row.map((value) =>
      el("td", typeof value === "number" ? { class: "num", text: cellText(value) } : { text: cellText(value) }))));
  }
  return el("div", { class: "table-wrap" }, el("table", { class: "result-table" }, el("thead", {}, head), body));
}

function summary(count, response) {
  const cap = response.headers.get(ROW_CAP_HEADER);
  const noun = count === 1 ? "row" : "rows";
  return cap ? `${count} ${noun} (cut at the limit of ${cap})` : `${count} ${noun}`;
}

/** The visible note of an answer cut at the row cap (its JSON "note", else the cap header), or null. */
function truncationNote(response, data) {
  const cap = response.headers.get(ROW_CAP_HEADER);
  if (!cap) return null;
  const text = (data && data.note) || `results truncated at ${cap} rows`;
  return el("p", { class: "note", role: "note",
    text: `Note: ${text}; add a LIMIT and OFFSET, or narrower filters, to see the rest.` });
}

async function errorText(response) {
  const text = (await response.text()).trim();
  return `${response.status} ${response.statusText}: ${text}`;
}

function showError(target, message) {
  target.replaceChildren(el("p", { class: "error", role: "alert", text: message }));
}

// ------------------------------------------------------------ canned queries

function paramInput(queryName, param) {
  const id = `param-${queryName}-${param.name}`;
  const attributes = { id, name: param.name };
  if (param.type === "boolean") {
    attributes.type = "checkbox";
    if (param.default) attributes.checked = "";
  } else {
    attributes.type = param.type === "string" ? "text" : "number";
    if (param.type === "integer") attributes.step = "1";
    if (param.type === "decimal") attributes.step = "any";
    attributes.value = cellText(param.default);
    if (param.type !== "string") attributes.required = "";
  }
  const label = el("label", { for: id, text: param.name });
  const field = el("span", { class: "field" }, label, el("input", attributes));
  if (param.description) field.append(el("small", { text: param.description }));
  return field;
}

function formParams(form) {
  const params = new URLSearchParams();
  for (const input of form.querySelectorAll("input")) {
    params.set(input.name, input.type === "checkbox" ? String(input.checked) : input.value);
  }
  return params;
}

function cannedCard(query) {
  const base = `queries/${encodeURIComponent(query.name)}`;
  const form = el("form", { class: "params" }, ...query.params.map((p) => paramInput(query.name, p)));
  const status = el("span", { class: "status", "aria-live": "polite" });
  const csv = el("a", { class: "download", text: "CSV" });
  const json = el("a", { class: "download", text: "JSON" });
  const result = el("div", { class: "result" });
  const updateLinks = () => {
    const params = formParams(form).toString();
    csv.href = `${base}.csv${params ? "?" + params : ""}`;
    json.href = `${base}.json${params ? "?" + params : ""}`;
    permalink.href = `${base}${params ? "?" + params : ""}`;
  };
  const permalink = el("a", { class: "download", text: "Page" });
  form.append(el("div", { class: "actions" }, el("button", { type: "submit", text: "Run" }), status, csv, json,
    permalink));
  form.addEventListener("input", updateLinks);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "running…";
    try {
      const response = await fetch(`${base}?${formParams(form)}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        status.textContent = "";
        showError(result, await errorText(response));
        return;
      }
      const data = await response.json();
      const rows = data.rows.map((row) => data.columns.map((c) => row[c]));
      result.replaceChildren(...[truncationNote(response, data)].filter(Boolean), table(data.columns, rows));
      status.textContent = summary(data.rows.length, response);
    } catch (error) {
      status.textContent = "";
      showError(result, `the request failed: ${error}`);
    }
  });
  updateLinks();
  return el("details", { class: "query", "data-query": query.name },
    el("summary", {}, el("h3", { text: query.title }), el("span", { class: "description", text: query.description })),
    form, result);
}

async function loadCanned() {
  const list = document.getElementById("canned-list");
  try {
    const response = await fetch("queries", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await errorText(response));
    const queries = await response.json();
    list.replaceChildren(...queries.map(cannedCard));
    if (queries.length) list.firstElementChild.open = true;
    else list.replaceChildren(el("p", { text: "No canned queries." }));
  } catch (error) {
    showError(list, `could not load the queries: ${error.message || error}`);
  }
}

// ------------------------------------------------------------ SPARQL editor

function sparqlTermText(term) {
  if (!term) return "";
  if (term.type === "triple") {
    const v = term.value;
    return `<< ${sparqlTermText(v.subject)} ${sparqlTermText(v.predicate)} ${sparqlTermText(v.object)} >>`;
  }
  return term.type === "bnode" ? `_:${term.value}` : term.value;
}

async function runSparql(event) {
  event.preventDefault();
  const status = document.getElementById("sparql-status");
  const result = document.getElementById("sparql-result");
  const query = document.getElementById("sparql-query").value;
  status.textContent = "running…";
  try {
    const response = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
    if (!response.ok) {
      status.textContent = "";
      showError(result, await errorText(response));
      return;
    }
    if (!(response.headers.get("Content-Type") || "").includes("json")) {
      result.replaceChildren(el("pre", { class: "graph", text: await response.text() }));
      status.textContent = "graph (Turtle)";
      return;
    }
    const data = await response.json();
    if (typeof data.boolean === "boolean") {
      result.replaceChildren(el("p", { class: "boolean", text: data.boolean ? "true" : "false" }));
      status.textContent = "yes/no answer";
      return;
    }
    const columns = data.head.vars;
    const rows = data.results.bindings.map((binding) => columns.map((c) => sparqlTermText(binding[c])));
    // The same query as a download: the endpoint answers it again in the format asked for.
    const downloads = el("p", { class: "downloads" }, ...["csv", "tsv", "json"].map((format) =>
      el("a", { class: "download", href: `sparql?${new URLSearchParams({ query, format })}`,
                download: `results.${format}`, text: format.toUpperCase() })));
    result.replaceChildren(...[truncationNote(response, null)].filter(Boolean), downloads, table(columns, rows));
    status.textContent = summary(rows.length, response);
  } catch (error) {
    status.textContent = "";
    showError(result, `the request failed: ${error}`);
  }
}

// ------------------------------------------------------------ exports and figures

function size(bytes) {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} B`;
}

async function loadExports() {
  const list = document.getElementById("export-list");
  const figures = document.getElementById("figure-list");
  try {
    const response = await fetch("exports/", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await errorText(response));
    const files = await response.json();
    list.replaceChildren(...files.map((file) =>
      el("li", {}, el("a", { href: file.url, download: file.name.split("/").pop(), text: file.name }),
        el("span", { class: "size", text: ` ${size(file.bytes)}` }))));
    // One figure per name: shown as SVG where there is one, with a link to each format.
    const byName = new Map();
    for (const file of files) {
      const match = /^figures\/(.+)\.(svg|png)$/i.exec(file.name);
      if (!match) continue;
      if (!byName.has(match[1])) byName.set(match[1], {});
      byName.get(match[1])[match[2].toLowerCase()] = file;
    }
    const names = [...byName.keys()].sort();
    figures.replaceChildren(...names.map((name) => {
      const formats = byName.get(name);
      const shown = formats.svg || formats.png;
      const links = ["svg", "png"].filter((ext) => formats[ext]).map((ext) =>
        el("a", { class: "download", href: formats[ext].url, download: `${name}.${ext}`, text: ext.toUpperCase() }));
      return el("figure", { "data-figure": name }, el("img", { src: shown.url, alt: name, loading: "lazy" }),
        el("figcaption", { text: `${name} ` }, ...links));
    }));
    if (!names.length) figures.replaceChildren(el("p", { class: "hint", text: "No figures in this build." }));
  } catch (error) {
    showError(list, `could not list the exports: ${error.message || error}`);
  }
}

/** A query given in the address (`#query=…`, as the explorer's "open in editor" links write it) fills the editor. */
function prefillEditor() {
  const hash = window.location.hash;
  if (!hash.startsWith("#query=")) return;
  try {
    document.getElementById("sparql-query").value = decodeURIComponent(hash.slice("#query=".length));
    document.getElementById("sparql").scrollIntoView();
  } catch (error) {
    document.getElementById("sparql-status").textContent = `could not read the query in the address: ${error}`;
  }
}

document.getElementById("sparql-form").addEventListener("submit", runSparql);
window.addEventListener("hashchange", prefillEditor);
prefillEditor();
loadCanned();
loadExports();
