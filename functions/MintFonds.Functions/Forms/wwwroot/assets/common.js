// What every form page shares: where the API is, language, the fund's look, talking to the API, showing errors.
// Plain modern JavaScript (ES modules), no framework and no build step.
import { texts } from './i18n.js';

const query = new URLSearchParams(location.search);

/** The API's base address: a <meta name="mintfonds-api"> (for a fund hosting these files itself), else this app's /api. */
export const apiBase = (document.querySelector('meta[name="mintfonds-api"]')?.content
  || location.pathname.replace(/\/forms(\/.*)?$/, '')).replace(/\/$/, '');

/** German unless ?lang=en (or <html lang="en">). */
export const lang = (query.get('lang') || document.documentElement.lang || 'de').startsWith('en') ? 'en' : 'de';
document.documentElement.lang = lang;
const locale = lang === 'en' ? 'en-GB' : 'de-DE';

/** The fund: ?fund=… or a <meta name="mintfonds-fund"> in the page. */
export const fundFromPage = () => query.get('fund') || document.querySelector('meta[name="mintfonds-fund"]')?.content || '';

export function t(key, values = {}) {
  const text = texts[lang][key] ?? texts.de[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

/** Fills every element with data-i18n (text) or data-i18n-label (aria-label) from the current language. */
export function translate(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
}

/** Makes an element: el('p', { class: 'x', text: '…' }, child, …). Text is always set as text, never as HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

export const euro = (value) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(value);
export const date = (iso) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(new Date(iso.length === 10 ? iso + 'T12:00:00Z' : iso));
export const dateTime = (iso) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));
export const percent = (value) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);

/**
 * Reads an amount as typed ("1.250,50", "1250.5", "300") into whole cents, or null when it is not one: the money is
 * exact, never floating point, as on the server.
 */
export function cents(text) {
  let s = String(text ?? '').trim().replace(/\s|€/g, '');
  if (s === '') return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Cents as the JSON number the API takes (at most two decimals, exact in its decimal text). */
export const amount = (c) => Number((c / 100).toFixed(2));

/** A fetch that answers { status, body, headers } and turns a lost connection into status 0. */
export async function api(path, { method = 'GET', headers = {}, body } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json; charset=utf-8';
    init.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(apiBase + path, init);
    const type = response.headers.get('Content-Type') || '';
    const parsed = type.includes('json') ? await response.json().catch(() => null) : null;
    return { status: response.status, body: parsed, headers: response.headers };
  } catch {
    return { status: 0, body: null, headers: new Headers() };
  }
}

/** An Idempotency-Key for one filling of a form: a repeat of the same sending (double click, flaky line) files once. */
export const newIdempotencyKey = () => crypto.randomUUID();

/**
 * The form challenge (see docs/proof-of-work.md): fetched when the form opens; with proof of work on, its nonce is
 * searched for while the person types.
 */
export async function openChallenge(fundId) {
  const answer = await api(`/funds/${encodeURIComponent(fundId)}/challenge`);
  if (answer.status !== 200) return null;
  const { challenge, difficulty } = answer.body;
  return { challenge, nonce: solveChallenge(challenge, difficulty) };
}

export async function challengeHeaders(opened) {
  if (!opened) return {};
  const headers = { 'X-Form-Challenge': opened.challenge };
  const nonce = await opened.nonce;
  if (nonce) headers['X-Proof-Of-Work'] = nonce;
  return headers;
}

async function solveChallenge(challenge, difficulty) {
  if (!difficulty) return null;
  const encoder = new TextEncoder();
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(challenge + nonce)));
    if (leadingZeroBits(digest) >= difficulty) return nonce;
  }
}

function leadingZeroBits(bytes) {
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) { bits += 8; continue; }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

/** The fund's look from the open-calls answer: colours only when they are #RRGGBB and readable on white (WCAG AA). */
export function applyBranding(fund) {
  if (!fund) return;
  const root = document.documentElement;
  const branding = fund.branding ?? {};
  for (const [name, property] of [['primaryColor', '--mf-primary'], ['accentColor', '--mf-accent']]) {
    const colour = branding[name];
    if (typeof colour === 'string' && /^#[0-9a-fA-F]{6}$/.test(colour) && contrastWithWhite(colour) >= 4.5) {
      root.style.setProperty(property, colour);
    }
  }
  const logo = branding.logoUrl ?? fund.logoUrl;
  const slot = document.getElementById('fund-logo');
  // An https address, or this app's own logo route (same origin, so also http on localhost); both allowed by img-src.
  const ownLogo = typeof logo === 'string' && logo.startsWith(location.origin + apiBase + '/funds/');
  if (slot && typeof logo === 'string' && (/^https:\/\/[^\s"'<>]+$/.test(logo) || (ownLogo && !/[\s"'<>]/.test(logo)))) {
    slot.replaceChildren(el('img', { src: logo, alt: fund.name, class: 'logo' }));
  }
  const name = document.getElementById('fund-name');
  if (name) name.textContent = fund.name;
  const footer = document.getElementById('fund-contact');
  if (footer && fund.contactEmail) {
    footer.replaceChildren(
      t('contact.office') + ' ',
      el('a', { href: 'mailto:' + fund.contactEmail, text: fund.contactEmail }),
      fund.contactPhone ? ` · ${fund.contactPhone}` : '',
      fund.privacyUrl ? el('span', {}, ' · ', el('a', { href: fund.privacyUrl, text: t('privacy') })) : '',
      fund.imprintUrl ? el('span', {}, ' · ', el('a', { href: fund.imprintUrl, text: t('imprint') })) : '');
  }
}

function contrastWithWhite(hex) {
  const channel = (i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** Starts a page: removes the no-script notice, fills texts, sets the language switch, reports its height to a frame. */
export function startPage() {
  document.documentElement.classList.remove('no-js');
  translate();
  const other = lang === 'en' ? 'de' : 'en';
  const link = document.getElementById('lang-switch');
  if (link) {
    const params = new URLSearchParams(location.search);
    params.set('lang', other);
    link.href = `?${params}${location.hash}`;
    link.lang = other;
    link.hreflang = other;
  }
  reportHeight();
}

/** In an iframe, tells the embedding page the height it needs (see README, "Embedding the forms"); the number only. */
function reportHeight() {
  if (window.parent === window) return;
  const send = () => window.parent.postMessage({ mintfondsFormHeight: document.documentElement.scrollHeight }, '*');
  new ResizeObserver(send).observe(document.body);
  send();
}

/** Shows a message in the page's status area (announced to screen readers) and moves focus there. */
export function notice(text, kind = 'info') {
  const area = document.getElementById('notice');
  area.replaceChildren(el('p', { class: `notice ${kind}`, text }));
  area.hidden = false;
  area.focus();
}

export const clearNotice = () => {
  const area = document.getElementById('notice');
  area.replaceChildren();
  area.hidden = true;
};

/** What an answer that is neither success nor field errors means for the person. */
export function problemText(answer) {
  if (answer.status === 0) return t('network');
  if (answer.status === 429) return answer.body?.detail || t('limited');
  if (answer.status >= 500) return t('server');
  return answer.body?.detail || answer.body?.title || t('server');
}

/** The field for an error path ("budget.lines[1].amount"): the nearest element that names it or a parent path. */
export function fieldFor(form, path) {
  for (let p = path; p; p = p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '')) {
    const found = form.querySelector(`[data-field="${CSS.escape(p)}"]`);
    if (found) return found;
    if (!/(\[\d+\]|\.[^.[\]]+)$/.test(p)) break;
  }
  return null;
}

/** The element an error message belongs under: the field's wrapper (a .field or a fieldset). */
const holderOf = (field) => field.closest('.field, fieldset') ?? field;

/** Marks one field with a message (aria-invalid, aria-describedby); returns its id for the summary's link. */
export function markField(field, message) {
  const holder = holderOf(field);
  const id = `${field.id || holder.id}-error`;
  let error = document.getElementById(id);
  if (!error) {
    error = el('p', { id, class: 'field-error' });
    const after = holder.querySelector('.hint') ?? holder.querySelector('legend') ?? holder.querySelector('label');
    if (after && holder !== field) after.after(error);
    else field.after(error);
  }
  error.textContent = message;
  const target = focusTarget(field);
  target.setAttribute('aria-invalid', 'true');
  const described = new Set((target.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
  described.add(id);
  target.setAttribute('aria-describedby', [...described].join(' '));
  holder.classList.add('has-error');
  return target.id;
}

export function clearField(field) {
  const holder = holderOf(field);
  const target = focusTarget(field);
  const id = `${field.id || holder.id}-error`;
  document.getElementById(id)?.remove();
  target.removeAttribute('aria-invalid');
  const rest = (target.getAttribute('aria-describedby') || '').split(' ').filter((d) => d && d !== id);
  if (rest.length) target.setAttribute('aria-describedby', rest.join(' '));
  else target.removeAttribute('aria-describedby');
  holder.classList.remove('has-error');
}

/** A fieldset's first input takes the focus for it. */
const focusTarget = (field) => (field.matches('fieldset') ? field.querySelector('input, select, textarea') ?? field : field);

/**
 * Shows field errors (from the server's problem+json, or the form's own checks): a message at each field, and a
 * summary at the top with a link to each field, which takes the focus (WCAG 3.3.1, 3.3.3).
 */
export function showErrors(form, errors, title = t('errors.title')) {
  for (const old of form.querySelectorAll('[aria-invalid="true"]')) clearField(old.closest('[data-field]') ?? old);
  const summary = form.querySelector('.error-summary');
  const items = [];
  for (const [path, messages] of Object.entries(errors)) {
    const message = messages.join(' ');
    const field = fieldFor(form, path);
    if (field) {
      const id = markField(field, message);
      const label = labelText(field)?.replace(/[.:]$/, '');
      items.push(el('li', {}, el('a', { href: `#${id}`, onclick: (e) => { e.preventDefault(); document.getElementById(id).focus(); } }, label ? `${label}: ${message}` : message)));
    } else {
      items.push(el('li', { text: message }));
    }
  }
  summary.replaceChildren(el('h2', { text: title }), el('ul', {}, items));
  summary.hidden = items.length === 0;
  if (items.length) summary.focus();
}

export function hideErrors(form) {
  for (const old of form.querySelectorAll('[aria-invalid="true"]')) clearField(old.closest('[data-field]') ?? old);
  const summary = form.querySelector('.error-summary');
  summary.replaceChildren();
  summary.hidden = true;
}

function labelText(field) {
  if (field.matches('fieldset')) return field.querySelector('legend')?.textContent.trim();
  const label = field.id ? document.querySelector(`label[for="${CSS.escape(field.id)}"]`) : null;
  return (label?.querySelector('.label-text') ?? label)?.textContent.trim();
}
