// The state of the last saved change, in plain words, in a corner of the online editor:
// "Checking your change…", "Live on the site" (with a link to the changed page), or
// "Not published" with each problem the checks found (which page, which line, what to do).
//
// It reads GitHub's REST API with the editor's own sign-in (the token the CMS keeps in
// localStorage), so it works the same beside Decap CMS or Sveltia CMS: all it needs is
// the repository, the branch, the API root and the site's address from config.yml.
// The problems are the annotations the workflow's check steps write
// (tooling/workflow/step_summary.py prints `::error file=...,line=...::`); docs/deploy.md.
// With `make edit` (local_backend) nothing is published, so it shows nothing.
import * as YAML from "./yaml/index.js";

const POLL_EVERY_MS = 4000;
// Where each CMS keeps the signed-in user: Decap CMS, then Sveltia CMS.
const SIGN_IN_KEYS = ["decap-cms-user", "sveltia-cms.user"];
const FIX_SEPARATOR = " How to fix: ";
const FACTS_FILE = "data/practice.yml";
const PAGE_FILE = /^content\/pages\/[^/]+\.md$/;

async function readSettings() {
  const response = await fetch("config.yml", { cache: "no-store" });
  const config = YAML.parse(await response.text());
  const backend = config.backend || {};
  if (config.local_backend || backend.name !== "github" || !backend.repo) return null;
  return {
    repo: backend.repo,
    branch: backend.branch || "main",
    apiRoot: (backend.api_root || "https://api.github.com").replace(/\/+$/, ""),
    siteUrl: (config.site_url || "/").replace(/\/*$/, "/"),
  };
}

function signInToken() {
  for (const key of SIGN_IN_KEYS) {
    try {
      const user = JSON.parse(localStorage.getItem(key) || "null");
      if (user && user.token) return user.token;
    } catch (error) {
      // Another program's value under this key: not a sign-in.
    }
  }
  return null;
}

function makeApi(settings, token) {
  return async function api(path) {
    const response = await fetch(`${settings.apiRoot}/repos/${settings.repo}${path}`, {
      headers: { Authorization: `token ${token}`, Accept: "application/vnd.github+json" },
      cache: "no-store",
    });
    if (!response.ok) throw new Error(`GitHub answered ${response.status} for ${path}`);
    return response.json();
  };
}

function decodeBase64(text) {
  const bytes = Uint8Array.from(atob(text.replace(/\s/g, "")), (character) => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

// A page's header (Title:, Slug:) at the commit, as the page file says it.
async function pageHeader(api, path, sha) {
  const header = {};
  for (const line of (await fileAt(api, path, sha)).split("\n")) {
    if (!line.trim()) break;
    const match = line.match(/^(\w+):\s*(.*)$/);
    if (match) header[match[1].toLowerCase()] = match[2].trim();
  }
  return header;
}

async function fileAt(api, path, sha) {
  const file = await api(`/contents/${path.split("/").map(encodeURIComponent).join("/")}?ref=${sha}`);
  return decodeBase64(file.content);
}

// The dotted paths of the values that differ between two readings of a facts file.
function changedPaths(before, after, path = "") {
  const isGroup = (value) => value !== null && typeof value === "object";
  if (!isGroup(before) || !isGroup(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
  }
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].flatMap((name) => changedPaths(before[name], after[name], path ? `${path}.${name}` : name));
}

// The pages whose text shows a changed fact or open question. fact-pages.json is
// written with the editor from the pages themselves (tooling/editor/editor_online.py,
// plugins/kact_facts/usage.py); a fact only the header or footer shows has no
// page of its own, and leads to the home page.
async function pagesShowingChangedFacts(api, commit, sha) {
  const parent = (commit.parents || [])[0];
  const changed = (commit.files || []).some((file) => file.filename === FACTS_FILE);
  if (!changed || !parent) return [];
  const [before, after, shown] = await Promise.all([
    fileAt(api, FACTS_FILE, parent.sha).then((text) => YAML.parse(text)),
    fileAt(api, FACTS_FILE, sha).then((text) => YAML.parse(text)),
    fetch("fact-pages.json", { cache: "no-store" }).then((response) => response.json()),
  ]);
  const paths = changedPaths(before, after);
  const related = (first, second) => first === second || first.startsWith(`${second}.`);
  return Object.keys(shown).filter((page) => shown[page].some(
    (fact) => paths.some((path) => related(path, fact) || related(fact, path))));
}

// Where her change can be seen: the changed pages and the pages that show a
// changed fact, else the home page. [{ address, title }]
async function changedPages(api, settings, sha) {
  const commit = await api(`/commits/${sha}`);
  const edited = (commit.files || [])
    .filter((file) => PAGE_FILE.test(file.filename) && file.status !== "removed")
    .map((file) => file.filename);
  const files = [...new Set([...edited, ...await pagesShowingChangedFacts(api, commit, sha)])];
  const pages = await Promise.all(files.map(async (path) => {
    const header = await pageHeader(api, path, sha);
    const slug = header.slug || path.replace(/^content\/pages\//, "").replace(/\.md$/, "");
    return { address: slug === "index" ? settings.siteUrl : `${settings.siteUrl}${slug}/`, title: header.title || slug };
  }));
  return pages.length ? pages : [{ address: settings.siteUrl, title: "the home page" }];
}

// "The page “FAQ”, line 12" in place of content/pages/faq.md:12.
async function placeInWords(api, annotation, sha) {
  const { path } = annotation;
  const line = annotation.start_line > 1 || /\.(md|yml|yaml)$/.test(path) ? `, line ${annotation.start_line}` : "";
  if (PAGE_FILE.test(path)) {
    const title = await pageHeader(api, path, sha).then((header) => header.title).catch(() => null);
    return `The page “${title || path.replace(/^content\/pages\//, "")}”${line}`;
  }
  if (path.startsWith("data/")) return `The facts and settings file ${path}${line}`;
  if (path.startsWith("content/")) return `The file ${path}${line}`;
  return `${path}${line}`;
}

async function problemsOf(api, sha) {
  const { check_runs: checkRuns } = await api(`/commits/${sha}/check-runs`);
  const problems = [];
  for (const checkRun of checkRuns.filter((run) => run.conclusion === "failure")) {
    const annotations = await api(`/check-runs/${checkRun.id}/annotations`);
    for (const annotation of annotations) {
      const [what, fix] = annotation.message.split(FIX_SEPARATOR);
      problems.push({ where: await placeInWords(api, annotation, sha), what, fix,
                      advice: annotation.annotation_level !== "failure" });
    }
  }
  return problems.sort((first, second) => first.advice - second.advice);
}

// What the last commit on the branch has become: { state, sha, link?, problems?, runUrl? }.
async function currentState(api, settings) {
  const ref = await api(`/git/ref/heads/${encodeURIComponent(settings.branch)}`);
  const sha = ref.object.sha;
  const { workflow_runs: runs } = await api(`/actions/runs?head_sha=${sha}&per_page=5`);
  const run = runs[0];
  if (!run || run.status !== "completed") return { state: "checking", sha };
  if (run.conclusion === "success") {
    return { state: "live", sha, pages: await changedPages(api, settings, sha) };
  }
  return { state: "not-published", sha, problems: await problemsOf(api, sha), runUrl: run.html_url };
}

function element(tag, text, properties = {}) {
  const node = Object.assign(document.createElement(tag), properties);
  if (text) node.textContent = text;
  return node;
}

function makePanel() {
  const panel = element("aside", "", { id: "kact-publish-status", className: "kact-publish-status" });
  panel.setAttribute("role", "status");
  panel.setAttribute("aria-live", "polite");
  panel.setAttribute("aria-label", "Your last change");
  // Set through the style object: the editor's Content-Security-Policy has no 'unsafe-inline'.
  Object.assign(panel.style, {
    position: "fixed", right: "1rem", bottom: "1rem", zIndex: "10000", maxWidth: "28rem",
    maxHeight: "60vh", overflowY: "auto", padding: "0.75rem 1rem", background: "#fff", color: "#0b0c0c",
    border: "3px solid #505a5f", borderRadius: "4px", font: "16px/1.4 system-ui, sans-serif",
    boxShadow: "0 2px 8px rgba(0,0,0,0.25)",
  });
  document.body.append(panel);
  return panel;
}

function show(panel, status) {
  const colours = { checking: "#505a5f", live: "#00703c", "not-published": "#d4351c", unknown: "#505a5f" };
  panel.style.borderColor = colours[status.state];
  // Which commit and state it shows: for tests and for a developer reading the page.
  panel.dataset.state = status.state;
  panel.dataset.commit = status.sha || "";
  panel.replaceChildren();
  if (status.state === "checking") {
    panel.append(element("strong", "Checking your change…"),
                 element("p", "The site's checks are running. Your change goes live when they pass, in a few minutes."));
  } else if (status.state === "live") {
    panel.append(element("strong", "Live on the site"), element("p", "Your change passed every check and is online. "));
    const link = (page, words) => element("a", words, { href: page.address, target: "_blank", rel: "noopener" });
    if (status.pages.length === 1) {
      panel.append(link(status.pages[0], "See the changed page"));
    } else {
      const list = element("ul");
      list.append(...status.pages.map((page) => {
        const item = element("li");
        item.append(link(page, page.title));
        return item;
      }));
      panel.append(element("p", "See the changed pages:"), list);
    }
  } else if (status.state === "not-published") {
    panel.append(element("strong", "Not published"),
                 element("p", "The site stays as it was. Fix these, save again, and the checks run again:"));
    const list = element("ul");
    for (const problem of status.problems) {
      const item = element("li");
      item.append(element("strong", `${problem.where}: `), document.createTextNode(problem.what));
      if (problem.fix) item.append(element("br"), document.createTextNode(`What to do: ${problem.fix}`));
      list.append(item);
    }
    if (!status.problems.length) {
      const link = element("a", "the run's page on GitHub", { href: status.runUrl, target: "_blank", rel: "noopener" });
      const item = element("li", "The checks stopped without naming a page problem. Ask your developer to look at ");
      item.append(link, document.createTextNode("."));
      list.append(item);
    }
    panel.append(list);
  } else {
    panel.append(element("strong", "Cannot check your change right now"),
                 element("p", `${status.reason}. Trying again in a few seconds.`));
  }
}

async function start() {
  const settings = await readSettings().catch(() => null);
  if (!settings) return;
  let panel = null;
  let shown = "";
  const poll = async () => {
    const token = signInToken();
    if (token) {
      const status = await currentState(makeApi(settings, token), settings)
        .catch((error) => ({ state: "unknown", reason: `GitHub could not be reached (${error.message})` }));
      // Redrawn only when something changed, so a screen reader hears each state once.
      const key = JSON.stringify(status);
      if (key !== shown) {
        panel = panel || makePanel();
        show(panel, status);
        shown = key;
      }
    }
    setTimeout(poll, POLL_EVERY_MS);
  };
  poll();
}

start();
