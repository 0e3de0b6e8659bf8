// The live view: a world map (world-atlas shapes drawn with d3-geo), events streamed from the
// web service as Server-Sent Events, counts and tops recomputed from the events kept in the page.
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const svg = document.querySelector('#map');
const NS = 'http://www.w3.org/2000/svg';
const projection = d3.geoNaturalEarth1().fitSize([960, 500], { type: 'Sphere' });
const path = d3.geoPath(projection);

const events = new Map(); // event id → view
let rootNames = {};
const filters = { country: '', actor: '', root: '' };

async function drawCountries() {
  const world = await (await fetch('/vendor/countries-110m.json')).json();
  const countries = topojson.feature(world, world.objects.countries).features;
  const g = document.createElementNS(NS, 'g');
  g.id = 'countries';
  for (const c of countries) {
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', path(c) ?? '');
    p.setAttribute('class', 'country');
    const title = document.createElementNS(NS, 'title');
    title.textContent = c.properties.name;
    p.append(title);
    g.append(p);
  }
  svg.prepend(g);
}

const matches = (e) =>
  (!filters.root || e.root === filters.root) &&
  (!filters.country || e.countries.includes(filters.country)) &&
  (!filters.actor ||
    e.source.code.startsWith(filters.actor) ||
    (e.target?.code ?? '').startsWith(filters.actor));

const rootLabel = (r) => `${r} ${rootNames[r] ?? ''}`.trim();

function showDetails(e) {
  const box = document.querySelector('#details');
  const row = (k, v) => `<dt>${k}</dt><dd>${v}</dd>`;
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const link = e.url ? `<a href="${esc(e.url)}" target="_blank" rel="noopener">${esc(e.url)}</a>` : '—';
  box.innerHTML =
    `<dl>` +
    row('who', `${esc(e.source.name)} (${esc(e.source.code)})`) +
    row('what', `${esc(e.code)}: ${esc(rootLabel(e.root))}`) +
    row('whom', e.target ? `${esc(e.target.name)} (${esc(e.target.code)})` : '—') +
    row('when', esc(e.date)) +
    row('where', e.where ? esc(e.where.name) : '—') +
    row('mentions', `${e.mentions} (${e.sources} source(s), ${e.articles} article(s))`) +
    row('sentence', esc(e.sentence)) +
    row('article', link) +
    `</dl>`;
  box.hidden = false;
}

function drawEvents(shown) {
  // One point per cluster, at its place, sized by its mentions (the latest count seen).
  const clusters = new Map();
  for (const e of shown) {
    if (!e.where) continue;
    const c = clusters.get(e.clusterId);
    if (!c || e.mentions >= c.mentions) clusters.set(e.clusterId, e);
  }
  svg.querySelector('#events')?.remove();
  const g = document.createElementNS(NS, 'g');
  g.id = 'events';
  for (const e of [...clusters.values()].sort((a, b) => b.mentions - a.mentions)) {
    const xy = projection([e.where.lon, e.where.lat]);
    if (!xy) continue;
    const dot = document.createElementNS(NS, 'circle');
    dot.setAttribute('cx', xy[0].toFixed(1));
    dot.setAttribute('cy', xy[1].toFixed(1));
    dot.setAttribute('r', (3 + 2.5 * Math.sqrt(e.mentions)).toFixed(1));
    dot.setAttribute('class', `event q${e.quad}`);
    dot.dataset.id = e.id;
    dot.dataset.country = e.where.country ?? '';
    dot.dataset.countries = e.countries.join(' ');
    const title = document.createElementNS(NS, 'title');
    title.textContent = `${e.source.code} → ${e.target?.code ?? ''} ${rootLabel(e.root)} @ ${e.where.name}`;
    dot.append(title);
    dot.addEventListener('click', () => showDetails(e));
    g.append(dot);
  }
  svg.append(g);
}

function top(counts, n = 8) {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
}

function drawTables(shown) {
  const now = Date.now();
  const byRoot = new Map();
  const actors = new Map();
  const dyads = new Map();
  for (const e of shown) {
    const r = byRoot.get(e.root) ?? { hour: 0, day: 0 };
    if (now - e.at <= HOUR) r.hour++;
    if (now - e.at <= DAY) r.day++;
    byRoot.set(e.root, r);
    for (const a of [e.source.code, e.target?.code]) if (a) actors.set(a, (actors.get(a) ?? 0) + 1);
    if (e.target) {
      const d = `${e.source.code} → ${e.target.code}`;
      dyads.set(d, (dyads.get(d) ?? 0) + 1);
    }
  }
  document.querySelector('#roots tbody').innerHTML = [...byRoot]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([r, c]) => `<tr data-root="${r}"><td>${rootLabel(r)}</td><td>${c.hour}</td><td>${c.day}</td></tr>`)
    .join('');
  document.querySelector('#actors').innerHTML = top(actors)
    .map(([a, n]) => `<li>${a} <small>(${n})</small></li>`)
    .join('');
  document.querySelector('#dyads').innerHTML = top(dyads)
    .map(([d, n]) => `<li>${d} <small>(${n})</small></li>`)
    .join('');
}

let pending = false;
function render() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    const shown = [...events.values()].filter(matches);
    drawEvents(shown);
    drawTables(shown);
    document.querySelector('#status').textContent = `${shown.length} of ${events.size} events`;
    document.body.dataset.events = String(events.size);
  });
}

function listen() {
  const source = new EventSource('/events');
  source.addEventListener('meta', (m) => {
    rootNames = JSON.parse(m.data).rootNames;
    const select = document.querySelector('#f-root');
    select.innerHTML =
      '<option value="">any</option>' +
      Object.keys(rootNames)
        .sort()
        .map((r) => `<option value="${r}">${rootLabel(r)}</option>`)
        .join('');
    select.value = filters.root;
  });
  source.addEventListener('event', (m) => {
    const e = JSON.parse(m.data);
    events.set(e.id, e);
    render();
  });
  source.onerror = () => (document.querySelector('#status').textContent = 'reconnecting…');
}

document.querySelector('#filters').addEventListener('input', () => {
  filters.country = document.querySelector('#f-country').value.trim().toUpperCase();
  filters.actor = document.querySelector('#f-actor').value.trim().toUpperCase();
  filters.root = document.querySelector('#f-root').value;
  render();
});
document.querySelector('#filters').addEventListener('submit', (ev) => ev.preventDefault());

document.querySelector('#post').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = document.querySelector('#article-text').value;
  const date = document.querySelector('#article-date').value;
  const out = document.querySelector('#post-result');
  const body = { text, ...(date ? { publishedAt: date } : {}) };
  try {
    const res = await fetch('/api/articles', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const reply = await res.json();
    out.textContent =
      res.status === 202
        ? `accepted (${reply.id}): its events appear as they are coded`
        : `${res.status} ${reply.error ?? reply.status}: ${(reply.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ')}`;
    out.dataset.status = String(res.status);
  } catch (err) {
    out.textContent = `could not send: ${err.message}`;
  }
});

await drawCountries();
render();
listen();
