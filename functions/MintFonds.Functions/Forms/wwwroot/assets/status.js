// The status page: …/status#fund/reference/token. The access data live in the fragment, which the browser never
// sends to any server (not in the request line, not in a Referer); the token goes only in the X-Status-Token header.
import {
  t, el, api, lang, startPage, applyBranding, notice, clearNotice, problemText, showErrors, hideErrors, euro, date, dateTime, cents, amount,
} from './common.js';
import { buildApplicationForm } from './application-form.js';
import { input, textarea, checkbox } from './fields.js';

startPage();
const app = document.getElementById('app');
const [fundId, reference, token] = location.hash.slice(1).split('/').map((part) => decodeURIComponent(part ?? ''));
const headers = { 'X-Status-Token': token };
const base = `/funds/${encodeURIComponent(fundId)}/applications/${encodeURIComponent(reference ?? '')}`;
let openCalls = null;

const statusLabels = {
  submitted: 'Received', inReview: 'Under review', changesRequested: 'Changes requested', readyForBoard: 'With the board',
  approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn',
};
const label = (status, german) => (lang === 'en' ? statusLabels[status] ?? german : german);

async function start() {
  if (!fundId || !reference || !token) {
    app.replaceChildren();
    notice(t('status.noLink'), 'error');
    return;
  }
  const calls = api(`/funds/${encodeURIComponent(fundId)}/calls`);
  const answer = await api(`${base}/status`, { headers });
  const callsAnswer = await calls;
  if (callsAnswer.status === 200) {
    openCalls = callsAnswer.body;
    applyBranding(openCalls.fund);
  }
  if (answer.status !== 200) {
    app.replaceChildren();
    notice(answer.status === 404 ? t('status.notFound') : problemText(answer), 'error');
    return;
  }
  render(answer.body);
}

function render(view) {
  document.title = `${t('status.title')} ${view.reference} – ${view.fundName}`;
  const fundName = document.getElementById('fund-name');
  if (fundName && !openCalls) fundName.textContent = view.fundName;
  const parts = [
    el('dl', { class: 'facts' },
      el('dt', { text: t('status.reference') }), el('dd', { class: 'reference', id: 'reference', text: view.reference }),
      el('dt', { text: t('status.project') }), el('dd', { text: view.projectTitle }),
      el('dt', { text: t('status.call') }), el('dd', { text: view.callTitle }),
      el('dt', { text: t('status.current') }), el('dd', {}, el('strong', { id: 'current-status', 'data-status': view.status, text: label(view.status, view.statusLabel) }))),
    el('section', { 'aria-labelledby': 'next-title', class: 'next' },
      el('h2', { id: 'next-title', text: t('status.next') }),
      el('p', { id: 'next-step', lang: 'de', text: view.nextStep })),
  ];
  if (view.decision) parts.push(decision(view.decision));
  parts.push(el('section', { 'aria-labelledby': 'timeline-title' },
    el('h2', { id: 'timeline-title', text: t('status.timeline') }),
    el('ol', { class: 'timeline', id: 'timeline' }, view.timeline.map((entry) => el('li', {},
      el('span', { class: 'when', text: dateTime(entry.at) }), ' ', el('span', { class: 'what', text: label(entry.status, entry.label) }))))));
  if (view.status === 'changesRequested') parts.push(changes(view));
  if (view.proofOfUse) parts.push(proofOfUse(view));
  if (view.canWithdraw) parts.push(withdrawal());
  app.replaceChildren(...parts);
}

function decision(d) {
  return el('section', { 'aria-labelledby': 'decision-title', class: 'decision' },
    el('h2', { id: 'decision-title', text: t('status.decision') }),
    el('dl', { class: 'facts' },
      d.grantedAmount != null ? [el('dt', { text: t('status.granted') }), el('dd', { text: euro(d.grantedAmount) })] : null,
      d.conditions ? [el('dt', { text: t('status.conditions') }), el('dd', { lang: 'de', text: d.conditions })] : null,
      d.proofOfUseDueOn ? [el('dt', { text: t('status.proofDue') }), el('dd', { text: date(d.proofOfUseDueOn) })] : null));
}

function withdrawal() {
  const ask = el('button', { type: 'button', id: 'withdraw', class: 'danger', text: t('status.withdraw') });
  const confirm = el('div', { class: 'confirm', id: 'withdraw-confirm', hidden: true },
    el('p', { id: 'withdraw-question', text: t('status.withdrawConfirm') }),
    el('button', { type: 'button', id: 'withdraw-yes', class: 'danger', 'aria-describedby': 'withdraw-question', text: t('status.withdrawYes') }),
    ' ',
    el('button', { type: 'button', id: 'withdraw-no', class: 'secondary', text: t('status.withdrawNo') }));
  ask.addEventListener('click', () => {
    confirm.hidden = false;
    ask.hidden = true;
    confirm.querySelector('#withdraw-yes').focus();
  });
  confirm.querySelector('#withdraw-no').addEventListener('click', () => {
    confirm.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  const yes = confirm.querySelector('#withdraw-yes');
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    const answer = await api(`${base}/withdraw`, { method: 'POST', headers });
    yes.disabled = false;
    if (answer.status === 200) {
      render(answer.body);
      notice(t('status.withdrawn'), 'success');
    } else {
      notice(problemText(answer), 'error');
    }
  });
  return el('section', { 'aria-labelledby': 'withdraw-title', class: 'withdraw' },
    el('h2', { id: 'withdraw-title', text: t('status.withdraw') }), ask, confirm);
}

/** Changes requested: the office's note, and the application to edit and send again (bank data entered anew). */
function changes(view) {
  const section = el('section', { 'aria-labelledby': 'changes-title', class: 'changes' },
    el('h2', { id: 'changes-title', text: t('status.changes') }),
    view.changesRequestedNote ? el('blockquote', { lang: 'de' }, el('p', { class: 'label', text: t('status.changesNote') }), el('p', { text: view.changesRequestedNote })) : null);
  if (!view.application) return section;
  const open = el('button', { type: 'button', class: 'primary', id: 'edit', text: t('status.edit') });
  section.append(open);
  open.addEventListener('click', () => {
    const call = openCalls?.calls.find((c) => c.id === view.callId) ?? null;
    const form = el('form', { novalidate: true, id: 'resubmit-form', 'aria-labelledby': 'changes-title' });
    const { read } = buildApplicationForm(form, {
      call, fund: openCalls?.fund, limits: openCalls?.limits, initial: { ...view.application, readonlyInstitution: true }, submitText: t('status.resubmit'),
    });
    open.replaceWith(form);
    form.querySelector('input, select, textarea').focus();
    let sending = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending) return;
      sending = true;
      const button = form.querySelector('#submit');
      button.disabled = true;
      clearNotice();
      const answer = await api(`${base}/resubmit`, { method: 'POST', headers, body: read() });
      sending = false;
      button.disabled = false;
      if (answer.status === 200) {
        render(answer.body);
        notice(t('status.resubmitted'), 'success');
      } else if (answer.status === 422 && answer.body?.errors) {
        showErrors(form, answer.body.errors);
      } else {
        hideErrors(form);
        notice(problemText(answer), 'error');
      }
    });
  });
  return section;
}

/**
 * The proof of use (POST …/proof-of-use, multipart). Shown only when the status names one; when the route does not
 * exist on this deployment (404 from the host), the part is hidden and the person is told to use e-mail.
 */
function proofOfUse(view) {
  const proof = view.proofOfUse;
  const section = el('section', { 'aria-labelledby': 'proof-title', class: 'proof', id: 'proof' },
    el('h2', { id: 'proof-title', text: t('proof.title') }),
    el('p', { id: 'proof-state', text: t(`proof.state.${proof.state}`) }),
    proof.officeMessage ? el('blockquote', { lang: 'de' }, el('p', { text: proof.officeMessage })) : null);
  if (!['due', 'submitted', 'moreRequested'].includes(proof.state)) return section;

  const stages = view.application?.project?.educationStages ?? [];
  const lines = view.application?.budget?.lines ?? [];
  const form = el('form', { novalidate: true, id: 'proof-form', 'aria-labelledby': 'proof-title' },
    el('div', { class: 'error-summary', tabindex: '-1', hidden: true, role: 'alert' }),
    textarea('report', t('proof.report'), { required: true, maxlength: 4000, value: proof.report }),
    el('fieldset', { 'data-field': 'participantsByStage', id: 'f-participantsByStage' },
      el('legend', { text: t('proof.participants') }),
      stages.map((stage) => input(`participantsByStage.${stage}`, t(`stage.${stage}`), {
        type: 'number', min: 0, max: 100000, step: 1, class: 'short', value: proof.participantsByStage?.[stage],
      }))),
    el('fieldset', { 'data-field': 'spending', id: 'f-spending' },
      el('legend', { text: t('proof.spending') }),
      lines.map((line, index) => input(`spending[${index}].amount`, line.description, { inputmode: 'decimal', class: 'short', 'data-line': line.description }))),
    input('receipts', t('proof.receipts'), { type: 'file', multiple: true, accept: 'application/pdf,image/png,image/jpeg', hint: t('proof.filesHint') }),
    input('photos', t('proof.photos'), { type: 'file', multiple: true, accept: 'image/png,image/jpeg' }),
    checkbox('photoConsentConfirmed', t('proof.photoConsent')),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'proof-submit', text: t('proof.submit') })));
  section.append(form);
  const key = crypto.randomUUID();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('#proof-submit');
    button.disabled = true;
    const report = {
      report: form.querySelector('[name="report"]').value.trim(),
      participantsByStage: Object.fromEntries(stages.map((s) => [s, Number(form.querySelector(`[name="participantsByStage.${s}"]`).value || 0)])),
      spending: lines.map((line, index) => {
        const c = cents(form.querySelector(`[name="spending[${index}].amount"]`).value);
        return { budgetLine: line.description, amount: c === null ? null : amount(c) };
      }),
      photoConsentConfirmed: form.querySelector('[name="photoConsentConfirmed"]').checked,
    };
    const body = new FormData();
    body.append('report', new Blob([JSON.stringify(report)], { type: 'application/json' }));
    for (const name of ['receipts', 'photos']) for (const file of form.querySelector(`[name="${name}"]`).files) body.append(name, file, file.name);
    const answer = await api(`${base}/proof-of-use`, { method: 'POST', headers: { ...headers, 'Idempotency-Key': key }, body });
    button.disabled = false;
    if (answer.status === 201 || answer.status === 200) {
      form.remove();
      section.querySelector('#proof-state').textContent = t('proof.state.submitted');
      notice(t('proof.sent'), 'success');
    } else if (answer.status === 404 && !answer.body?.type) {
      form.remove();
      notice(t('proof.unavailable'), 'info');
    } else if (answer.status === 422 && answer.body?.errors) {
      showErrors(form, answer.body.errors);
    } else {
      notice(problemText(answer), 'error');
    }
  });
  return section;
}

start();
