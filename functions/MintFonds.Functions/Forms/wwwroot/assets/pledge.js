// The pledge page: sponsor, amount and schedule, earmark, donation or sponsoring; the answer shows how to pay, with a
// GiroCode (EPC QR code) per instalment that a banking app scans.
import { t, el, api, startPage, fundFromPage, applyBranding, notice, problemText, euro, date, cents, amount } from './common.js';
import { sendOnce } from './submit.js';
import { input, select, choices, checkbox, honeypot, checked, valueOf, orNull } from './fields.js';
import { stages, mintFields } from './i18n.js';

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
  const { fund, calls } = answer.body;
  applyBranding(fund);
  document.title = `${t('pledge.title')} – ${fund.name}`;
  const districts = [...new Set(calls.flatMap((c) => c.districts))];
  app.replaceChildren(el('p', { class: 'intro', text: t('pledge.intro') }), form(fund, districts));
}

function form(fund, districts) {
  const now = new Date();
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  const f = el('form', { novalidate: true, id: 'pledge-form', 'aria-labelledby': 'main-title' });
  document.querySelector('h1').id = 'main-title';
  const types = ['unternehmen', 'stiftung', 'oeffentlicheEinrichtung', 'privatperson'];
  f.append(
    el('div', { class: 'error-summary', tabindex: '-1', hidden: true, role: 'alert' }),
    section('pledge.sponsor',
      select('sponsor.type', t('pledge.sponsor.type'), types.map((value) => ({ value, label: t(`pledge.type.${value}`) })), { required: true, value: 'unternehmen' }),
      input('sponsor.name', t('pledge.sponsor.name'), { required: true, autocomplete: 'organization', maxlength: 200 }),
      input('sponsor.contactPerson', t('pledge.sponsor.contactPerson'), { autocomplete: 'name', maxlength: 100 }),
      input('sponsor.street', t('pledge.sponsor.street'), { required: true, autocomplete: 'street-address', maxlength: 200 }),
      el('div', { class: 'row' },
        input('sponsor.postalCode', t('pledge.sponsor.postalCode'), { required: true, autocomplete: 'postal-code', inputmode: 'numeric', maxlength: 5, class: 'short' }),
        input('sponsor.city', t('pledge.sponsor.city'), { required: true, autocomplete: 'address-level2', maxlength: 100 })),
      input('sponsor.country', t('pledge.sponsor.country'), { required: true, autocomplete: 'country', maxlength: 2, class: 'short', value: 'DE' }),
      input('sponsor.email', t('pledge.sponsor.email'), { type: 'email', required: true, autocomplete: 'email' })),
    section('pledge.terms',
      input('amount', t('pledge.amount'), { required: true, inputmode: 'decimal', class: 'short' }),
      choices('schedule', t('pledge.schedule'), [
        { value: 'oneOff', label: t('pledge.schedule.oneOff') }, { value: 'yearly', label: t('pledge.schedule.yearly') },
      ], { type: 'radio', required: true, values: ['oneOff'] }),
      input('years', t('pledge.years'), { type: 'number', min: 2, max: 10, step: 1, class: 'short', value: 3 }),
      input('firstDueOn', t('pledge.firstDueOn'), { type: 'date', min: today, hint: t('pledge.firstDueHint') }),
      choices('kind', t('pledge.kind'), [
        { value: 'donation', label: t('pledge.kind.donation') }, { value: 'sponsoring', label: t('pledge.kind.sponsoring') },
      ], { type: 'radio', required: true, values: ['donation'] }),
      choices('receiptPreference', t('pledge.receipt'), [
        { value: 'perPayment', label: t('pledge.receipt.perPayment') }, { value: 'collectiveYearly', label: t('pledge.receipt.collectiveYearly') },
      ], { type: 'radio', values: ['perPayment'] })),
    section('pledge.earmark',
      el('p', { class: 'hint', text: t('pledge.earmarkHint') }),
      choices('earmark.educationStages', t('pledge.earmark.stages'), stages.map((value) => ({ value, label: t(`stage.${value}`) }))),
      choices('earmark.mintFields', t('pledge.earmark.fields'), mintFields.map((value) => ({ value, label: t(`field.${value}`) }))),
      districts.length ? choices('earmark.districts', t('pledge.earmark.districts'), districts.map((d) => ({ value: d, label: d }))) : null),
    section('pledge.consents',
      checkbox('publicNameConsent', t('pledge.publicName')),
      checkbox('privacyNoticeAccepted', t('pledge.privacy', { version: fund.privacyNoticeVersion ?? '' }), { required: true }),
      fund.privacyUrl ? el('p', { class: 'hint' }, el('a', { href: fund.privacyUrl, target: '_blank', rel: 'noopener', text: t('apply.consents.privacyLink') })) : null),
    honeypot(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'submit', class: 'primary', text: t('pledge.submit') })));

  // Years only for a yearly pledge; the receipt choice only for a donation (sponsoring gets an invoice per payment).
  const sync = () => {
    const yearly = checked(f, 'schedule')[0] === 'yearly';
    f.querySelector('[name="years"]').closest('.field').hidden = !yearly;
    f.querySelector('[data-field="receiptPreference"]').hidden = checked(f, 'kind')[0] === 'sponsoring';
    const person = valueOf(f, 'sponsor.type') === 'privatperson';
    const contact = f.querySelector('[name="sponsor.contactPerson"]');
    contact.required = !person;
    contact.closest('.field').querySelector('.req, .opt').textContent = person ? ` (${t('optional')})` : ` (${t('required')})`;
    contact.closest('.field').querySelector('.req, .opt').className = person ? 'opt' : 'req';
  };
  f.addEventListener('change', sync);
  sync();

  const read = () => {
    const yearly = checked(f, 'schedule')[0] === 'yearly';
    const kind = checked(f, 'kind')[0] ?? null;
    const c = cents(valueOf(f, 'amount'));
    return {
      sponsor: {
        type: orNull(valueOf(f, 'sponsor.type')),
        name: valueOf(f, 'sponsor.name'),
        street: valueOf(f, 'sponsor.street'),
        postalCode: valueOf(f, 'sponsor.postalCode'),
        city: valueOf(f, 'sponsor.city'),
        country: valueOf(f, 'sponsor.country').toUpperCase() || 'DE',
        contactPerson: orNull(valueOf(f, 'sponsor.contactPerson')),
        email: valueOf(f, 'sponsor.email'),
      },
      amount: c === null ? null : amount(c),
      schedule: checked(f, 'schedule')[0] ?? null,
      years: yearly ? Number(valueOf(f, 'years')) || null : null,
      firstDueOn: orNull(valueOf(f, 'firstDueOn')),
      kind,
      earmark: {
        educationStages: checked(f, 'earmark.educationStages'),
        mintFields: checked(f, 'earmark.mintFields'),
        districts: checked(f, 'earmark.districts'),
      },
      publicNameConsent: f.querySelector('[name="publicNameConsent"]').checked,
      receiptPreference: kind === 'sponsoring' ? null : checked(f, 'receiptPreference')[0] ?? 'perPayment',
      privacyNoticeVersion: fund.privacyNoticeVersion ?? '',
      privacyNoticeAccepted: f.querySelector('[name="privacyNoticeAccepted"]').checked,
      website: f.querySelector('[name="website"]').value,
    };
  };

  sendOnce(f, {
    fundId: fund.id,
    path: `/funds/${encodeURIComponent(fund.id)}/pledges`,
    read,
    submitText: t('pledge.submit'),
    onDone: done,
  });
  return f;
}

function done(receipt) {
  const pay = receipt.payment;
  const codes = new Map((receipt.giroCodes ?? []).map((c) => [c.number, c]));
  app.replaceChildren(el('section', { class: 'done', 'aria-labelledby': 'done-title' },
    el('h2', { id: 'done-title', tabindex: '-1', text: t('pledge.done') }),
    el('p', {}, `${t('pledge.reference')}: `, el('strong', { class: 'reference', id: 'reference', text: receipt.reference })),
    el('p', { text: receipt.confirmationEmail === 'withheld' ? t('pledge.emailWithheld') : t('pledge.emailSent') }),
    el('h3', { text: t('pledge.pay') }),
    el('dl', { class: 'facts' },
      el('dt', { text: t('pledge.beneficiary') }), el('dd', { text: pay.beneficiary }),
      el('dt', { text: 'IBAN' }), el('dd', { class: 'iban', text: pay.iban }),
      pay.bic ? [el('dt', { text: 'BIC' }), el('dd', { text: pay.bic })] : null,
      el('dt', { text: t('pledge.bank') }), el('dd', { text: pay.bankName })),
    el('p', { class: 'hint', text: t('pledge.giroCodeHint') }),
    el('ol', { class: 'instalments' }, receipt.instalments.map((i) => {
      const code = codes.get(i.number);
      return el('li', { class: 'instalment' },
        el('h4', { text: t('pledge.instalment', { n: i.number }) }),
        el('p', {}, el('strong', { text: euro(i.amount) }), `, ${t('pledge.due')} ${date(i.dueOn)}`),
        el('p', {}, `${t('pledge.remittance')}: `, el('strong', { class: 'remittance', text: i.remittanceReference })),
        code ? el('img', {
          class: 'girocode', width: 220, height: 220, src: `data:image/png;base64,${code.png}`,
          alt: t('pledge.giroCodeAlt', { n: i.number, amount: euro(i.amount), beneficiary: pay.beneficiary, reference: i.remittanceReference }),
        }) : null);
    }))));
  document.getElementById('done-title').focus();
  window.scrollTo(0, 0);
}

function section(key, ...children) {
  const id = `s-${key.replace(/\W+/g, '-')}`;
  return el('section', { class: 'form-section', 'aria-labelledby': id }, el('h2', { id, text: t(key) }), children);
}

start();
