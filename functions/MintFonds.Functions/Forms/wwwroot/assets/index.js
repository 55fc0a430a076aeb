// The forms' start page: links to the four forms of the fund named in ?fund=.
import { t, el, startPage, fundFromPage, notice, api, applyBranding, lang } from './common.js';

startPage();
const app = document.getElementById('app');
const fundId = fundFromPage();

async function start() {
  if (!fundId) {
    app.replaceChildren();
    notice(t('noFund'), 'error');
    return;
  }
  const calls = await api(`/funds/${encodeURIComponent(fundId)}/calls`);
  if (calls.status === 200) applyBranding(calls.body.fund);
  const query = `?fund=${encodeURIComponent(fundId)}${lang === 'en' ? '&lang=en' : ''}`;
  app.replaceChildren(el('ul', { class: 'links' },
    el('li', {}, el('a', { href: `apply${query}`, text: t('index.apply') })),
    el('li', {}, el('a', { href: `pledge${query}`, text: t('index.pledge') })),
    el('li', {}, el('a', { href: `transparency${query}`, text: t('index.transparency') })),
    el('li', { text: t('index.status') })));
}

start();
