// The application page: GET /funds/{fund}/calls builds the form, POST …/calls/{call}/applications sends it.
import { t, el, api, startPage, fundFromPage, applyBranding, notice, problemText } from './common.js';
import { sendOnce } from './submit.js';
import { buildApplicationForm, rulesPanel } from './application-form.js';

startPage();
const app = document.getElementById('app');
const fundId = fundFromPage();

async function start() {
  if (!fundId) {
    app.replaceChildren();
    notice(t('noFund'), 'error');
    return;
  }
  const answer = await api(`/funds/${encodeURIComponent(fundId)}/calls`);
  if (answer.status !== 200) {
    app.replaceChildren();
    notice(answer.status === 404 ? t('fundMissing') : problemText(answer), 'error');
    return;
  }
  const { fund, calls, limits } = answer.body;
  applyBranding(fund);
  document.title = `${t('apply.title')} – ${fund.name}`;
  if (!calls.length) {
    app.replaceChildren(el('p', { class: 'notice info', text: t('apply.noCalls') }));
    return;
  }

  const chooser = calls.length > 1
    ? el('div', { class: 'field' },
      el('label', { for: 'f-callId', text: t('apply.call') }),
      el('select', { id: 'f-callId', 'data-field': 'callId' }, calls.map((c) => el('option', { value: c.id, text: c.title }))))
    : el('p', { class: 'call-title' }, el('strong', { text: `${t('apply.call')}: ` }), calls[0].title);
  const holder = el('div');
  app.replaceChildren(chooser, holder);
  const show = (call) => holder.replaceChildren(rulesPanel(call), formFor(fund, call, limits));
  chooser.querySelector('select')?.addEventListener('change', (e) => show(calls.find((c) => c.id === e.target.value)));
  show(calls[0]);
}

function formFor(fund, call, limits) {
  const form = el('form', { novalidate: true, id: 'application-form', 'aria-labelledby': 'main-title' });
  document.querySelector('h1').id = 'main-title';
  const { read } = buildApplicationForm(form, { call, fund, limits, submitText: t('apply.submit') });
  sendOnce(form, {
    fundId: fund.id,
    path: `/funds/${encodeURIComponent(fund.id)}/calls/${encodeURIComponent(call.id)}/applications`,
    read,
    submitText: t('apply.submit'),
    onDone: done,
  });
  return form;
}

function done(receipt) {
  const restart = el('a', { href: location.href.split('#')[0], text: t('apply.new') });
  app.replaceChildren(el('section', { class: 'done', 'aria-labelledby': 'done-title' },
    el('h2', { id: 'done-title', text: t('apply.done') }),
    el('p', {}, `${t('apply.reference')}: `, el('strong', { class: 'reference', id: 'reference', text: receipt.reference })),
    el('p', { id: 'status-link-note', text: receipt.statusLinkNote }),
    el('p', {}, restart)));
  const heading = document.getElementById('done-title');
  heading.tabIndex = -1;
  heading.focus();
  window.scrollTo(0, 0);
}

start();
