// The transparency page: a fund's public figures and published projects (GET /funds/{fund}/transparency), when this
// deployment has that route; otherwise it says that nothing is published yet.
import { t, el, api, startPage, fundFromPage, applyBranding, notice, problemText, euro, date } from './common.js';

startPage();
const app = document.getElementById('app');
const fundId = fundFromPage();

async function start() {
  if (!fundId) {
    app.replaceChildren();
    notice(t('noFund'), 'error');
    return;
  }
  const [calls, answer] = await Promise.all([
    api(`/funds/${encodeURIComponent(fundId)}/calls`),
    api(`/funds/${encodeURIComponent(fundId)}/transparency`),
  ]);
  if (calls.status === 200) {
    applyBranding(calls.body.fund);
    document.title = `${t('transparency.title')} – ${calls.body.fund.name}`;
  }
  if (answer.status === 404) {
    app.replaceChildren(el('p', { class: 'notice info', id: 'unavailable', text: t('transparency.unavailable') }));
    return;
  }
  if (answer.status !== 200 || !answer.body) {
    app.replaceChildren();
    notice(problemText(answer), 'error');
    return;
  }
  app.replaceChildren(...render(answer.body));
}

/**
 * Shows what the route answers without knowing every field in advance: numbers and amounts as figures, lists of
 * projects and of sponsors' names as lists. Amounts are fields whose name ends in "amount", "total" or "Euro"s.
 */
function render(data) {
  const figures = [];
  const lists = [];
  const walk = (object, prefix) => {
    for (const [name, value] of Object.entries(object)) {
      if (Array.isArray(value)) lists.push([name, value]);
      else if (value && typeof value === 'object') walk(value, `${prefix}${name} · `);
      else if (typeof value === 'number') figures.push([`${prefix}${name}`, isMoney(name) ? euro(value) : new Intl.NumberFormat(document.documentElement.lang).format(value)]);
    }
  };
  walk(data, '');
  const parts = [];
  if (figures.length) {
    parts.push(el('section', { 'aria-labelledby': 'figures-title' },
      el('h2', { id: 'figures-title', text: t('transparency.figures') }),
      el('dl', { class: 'facts figures' }, figures.flatMap(([name, value]) => [el('dt', { text: words(name) }), el('dd', { text: value })]))));
  }
  for (const [name, items] of lists) {
    const id = `list-${name}`;
    const heading = /project/i.test(name) ? t('transparency.projects') : /sponsor/i.test(name) ? t('transparency.sponsors') : words(name);
    parts.push(el('section', { 'aria-labelledby': id },
      el('h2', { id, text: heading }),
      items.length ? el('ul', { class: 'cards' }, items.map((item) => el('li', { class: 'card' }, describe(item)))) : el('p', { text: t('transparency.none') })));
  }
  return parts;
}

function describe(item) {
  if (typeof item !== 'object' || item === null) return String(item);
  const title = item.title ?? item.projectTitle ?? item.name ?? '';
  const rest = Object.entries(item).filter(([name, value]) => value !== null && typeof value !== 'object' && !['title', 'projectTitle', 'name'].includes(name));
  return [
    title ? el('h3', { text: title }) : null,
    rest.length ? el('dl', {}, rest.flatMap(([name, value]) => [el('dt', { text: words(name) }), el('dd', { text: format(name, value) })])) : null,
  ];
}

const isMoney = (name) => /(amount|total|euro|paid|granted|allocated|available)/i.test(name);
const format = (name, value) => (typeof value === 'number' && isMoney(name) ? euro(value) : /^\d{4}-\d{2}-\d{2}/.test(String(value)) ? date(String(value).slice(0, 10)) : String(value));
const words = (name) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

start();
