// The application form, built from one open call of the fund (its rules and choices), used by the apply page and,
// pre-filled, by the status page when the office asks for changes. It checks the server's rules while the person
// types (ApplicationValidator on the server stays the authority and answers every violation at once).
import { el, t, euro, date, percent, cents, amount, markField, clearField } from './common.js';
import { input, textarea, select, choices, checkbox, honeypot, checked, valueOf, orNull } from './fields.js';
import { stages as allStages, mintFields, institutionTypes } from './i18n.js';

const label = (prefix, choice) => (document.documentElement.lang === 'de' && choice.label ? choice.label : t(`${prefix}.${choice.value}`));

/**
 * Builds the form's fields into `form` for `call` (null: a call no longer open; then every choice the API knows).
 * Returns read() → the JSON body, and check() → { field: [message] } of the form's own checks.
 */
export function buildApplicationForm(form, { call, fund, limits, initial = {}, submitText }) {
  const i = initial;
  const types = call?.institutionTypes ?? institutionTypes.map((value) => ({ value }));
  const stageChoices = call?.educationStages ?? allStages.map((value) => ({ value }));
  const fieldChoices = call?.mintFields ?? mintFields.map((value) => ({ value }));
  const districts = call?.districts ?? [];
  const earliest = call?.earliestProjectStart;
  const max = call?.maxAmountPerApplication ?? null;
  const share = call?.coFundingSharePercent ?? 0;
  const version = fund?.privacyNoticeVersion ?? i.consents?.privacyNoticeVersion ?? '';

  const linesList = el('ol', { class: 'budget-lines', id: 'budget-lines' });
  const total = el('p', { class: 'budget-total', id: 'budget-total', 'aria-live': 'polite' });
  const addLine = el('button', { type: 'button', class: 'secondary', id: 'add-line', text: t('apply.budget.add') });

  form.append(
    el('div', { class: 'error-summary', tabindex: '-1', hidden: true, role: 'alert' }),
    section('apply.institution',
      input('institution.name', t('apply.institution.name'), { required: true, autocomplete: 'organization', maxlength: 200, value: i.institution?.name, readonly: !!i.institution?.name && i.readonlyInstitution }),
      select('institution.type', t('apply.institution.type'), types.map((c) => ({ value: c.value, label: label('type', c) })), { required: true, value: i.institution?.type }),
      input('institution.street', t('apply.institution.street'), { required: true, autocomplete: 'street-address', maxlength: 200, value: i.institution?.street }),
      el('div', { class: 'row' },
        input('institution.postalCode', t('apply.institution.postalCode'), { required: true, autocomplete: 'postal-code', inputmode: 'numeric', maxlength: 5, pattern: '[0-9]{5}', class: 'short', value: i.institution?.postalCode }),
        input('institution.city', t('apply.institution.city'), { required: true, autocomplete: 'address-level2', maxlength: 100, value: i.institution?.city })),
      districts.length
        ? select('institution.district', t('apply.institution.district'), districts.map((d) => ({ value: d, label: d })), { required: true, value: i.institution?.district })
        : input('institution.district', t('apply.institution.district'), { maxlength: 100, value: i.institution?.district })),
    section('apply.contact',
      input('contact.name', t('apply.contact.name'), { required: true, autocomplete: 'name', maxlength: 100, value: i.contact?.name }),
      input('contact.role', t('apply.contact.role'), { required: true, autocomplete: 'organization-title', maxlength: 100, value: i.contact?.role }),
      input('contact.email', t('apply.contact.email'), { type: 'email', required: true, autocomplete: 'email', hint: t('apply.contact.emailHint'), value: i.contact?.email }),
      input('contact.phone', t('apply.contact.phone'), { type: 'tel', autocomplete: 'tel', value: i.contact?.phone })),
    section('apply.project',
      input('project.title', t('apply.project.title'), { required: true, maxlength: limits?.titleMaxLength ?? 200, value: i.project?.title }),
      textarea('project.summary', t('apply.project.summary'), { required: true, maxlength: limits?.summaryMaxLength ?? 5000, value: i.project?.summary }),
      choices('project.mintFields', t('apply.project.mintFields'), fieldChoices.map((c) => ({ value: c.value, label: label('field', c) })), { required: true, values: i.project?.mintFields ?? [] }),
      choices('project.educationStages', t('apply.project.educationStages'), stageChoices.map((c) => ({ value: c.value, label: label('stage', c) })), { required: true, values: i.project?.educationStages ?? [] }),
      input('project.expectedParticipants', t('apply.project.expectedParticipants'), { type: 'number', required: true, min: 1, max: 100000, step: 1, inputmode: 'numeric', class: 'short', value: i.project?.expectedParticipants }),
      el('div', { class: 'row' },
        input('project.startDate', t('apply.project.startDate'), {
          type: 'date', required: true, min: earliest, value: i.project?.startDate,
          hint: call ? t('apply.rule.leadTime', { days: call.minLeadTimeDays, date: date(earliest) }) : undefined,
        }),
        input('project.endDate', t('apply.project.endDate'), { type: 'date', required: true, value: i.project?.endDate }))),
    section('apply.budget',
      el('fieldset', { id: 'f-budget-lines', 'data-field': 'budget.lines', class: 'lines' },
        el('legend', { text: t('apply.budget.lines') }),
        linesList,
        addLine),
      total,
      input('budget.requestedAmount', t('apply.budget.requestedAmount'), {
        required: true, inputmode: 'decimal', class: 'short', value: money(i.budget?.requestedAmount),
        hint: max !== null ? t('apply.rule.max', { amount: euro(max) }) : t('apply.rule.noMax'),
      }),
      input('budget.ownContribution', t('apply.budget.ownContribution'), {
        inputmode: 'decimal', class: 'short', value: money(i.budget?.ownContribution),
        hint: share > 0 ? t('apply.rule.share', { percent: percent(share) }) : t('apply.rule.noShare'),
      })),
    section('apply.bank',
      i.readonlyInstitution ? el('p', { class: 'hint', text: t('status.changesIban') }) : null,
      input('bankAccount.accountHolder', t('apply.bank.accountHolder'), { required: true, maxlength: 70, value: i.bankAccount?.accountHolder }),
      input('bankAccount.iban', t('apply.bank.iban'), { required: true, autocomplete: 'off', spellcheck: 'false', class: 'iban' }),
      input('bankAccount.bic', t('apply.bank.bic'), { autocomplete: 'off', spellcheck: 'false', class: 'short' })),
    section('apply.consents',
      checkbox('consents.privacyNoticeAccepted', t('apply.consents.privacy', { version }), { required: true }),
      fund?.privacyUrl ? el('p', { class: 'hint' }, el('a', { href: fund.privacyUrl, target: '_blank', rel: 'noopener', text: t('apply.consents.privacyLink') })) : null,
      checkbox('consents.publishProject', t('apply.consents.publish'), { checked: i.consents?.publishProject ?? false })),
    honeypot(),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'submit', class: 'primary', text: submitText })));

  const renumber = () => {
    [...linesList.children].forEach((row, index) => {
      row.querySelector('.line-label').textContent = t('apply.budget.line', { n: index + 1 });
      const description = row.querySelector('.line-description');
      const value = row.querySelector('.line-amount');
      description.dataset.field = `budget.lines[${index}].description`;
      value.dataset.field = `budget.lines[${index}].amount`;
      description.id = `f-line-${index}-description`;
      value.id = `f-line-${index}-amount`;
      row.querySelector('.line-description-label').htmlFor = description.id;
      row.querySelector('.line-amount-label').htmlFor = value.id;
      const remove = row.querySelector('.remove');
      remove.setAttribute('aria-label', t('apply.budget.remove', { n: index + 1 }));
      remove.hidden = linesList.children.length === 1;
    });
  };

  const appendLine = (line = {}, focus = false) => {
    const row = el('li', { class: 'line' },
      el('span', { class: 'line-label' }),
      el('div', { class: 'field' },
        el('label', { class: 'line-description-label', text: t('apply.budget.description') }),
        el('input', { class: 'line-description', type: 'text', required: true, maxlength: 200 })),
      el('div', { class: 'field' },
        el('label', { class: 'line-amount-label', text: t('apply.budget.amount') }),
        el('input', { class: 'line-amount short', type: 'text', inputmode: 'decimal', required: true })),
      el('button', {
        type: 'button', class: 'remove secondary', text: '×',
        onclick: () => {
          const next = row.nextElementSibling ?? row.previousElementSibling;
          row.remove();
          renumber();
          updateTotal();
          next?.querySelector('.line-description')?.focus();
        },
      }));
    row.querySelector('.line-description').value = line.description ?? '';
    row.querySelector('.line-amount').value = money(line.amount);
    linesList.append(row);
    renumber();
    if (focus) row.querySelector('.line-description').focus();
  };

  const lines = () => [...linesList.children].map((row) => ({
    description: row.querySelector('.line-description').value.trim(),
    cents: cents(row.querySelector('.line-amount').value),
    raw: row.querySelector('.line-amount').value.trim(),
  }));

  const updateTotal = () => {
    const sum = lines().reduce((s, l) => s + (l.cents ?? 0), 0);
    total.textContent = `${t('apply.budget.total')}: ${euro(sum / 100)}`;
  };

  addLine.addEventListener('click', () => { appendLine({}, true); updateTotal(); });
  for (const line of (i.budget?.lines?.length ? i.budget.lines : [{}])) appendLine(line);
  updateTotal();

  // The same rules as the server, while typing: a field is checked when the person leaves it, and again on every
  // change once it shows a message (so the message goes as soon as it is fixed).
  const check = () => {
    const errors = {};
    const add = (field, message) => { (errors[field] ??= []).push(message); };
    const required = ['institution.name', 'institution.street', 'institution.city', 'contact.name', 'contact.role', 'project.title', 'project.summary', 'bankAccount.accountHolder'];
    for (const field of required) if (!valueOf(form, field)) add(field, t('check.required'));
    if (!valueOf(form, 'institution.type')) add('institution.type', t('check.choose'));
    if (districts.length && !valueOf(form, 'institution.district')) add('institution.district', t('check.choose'));
    if (!/^\d{5}$/.test(valueOf(form, 'institution.postalCode'))) add('institution.postalCode', t('check.postalCode'));
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(valueOf(form, 'contact.email'))) add('contact.email', t('check.email'));
    if (!checked(form, 'project.mintFields').length) add('project.mintFields', t('check.chooseOne'));
    if (!checked(form, 'project.educationStages').length) add('project.educationStages', t('check.chooseOne'));
    const participants = Number(valueOf(form, 'project.expectedParticipants'));
    if (!Number.isInteger(participants) || participants < 1 || participants > 100000) add('project.expectedParticipants', t('check.number', { min: 1, max: 100000 }));
    const start = valueOf(form, 'project.startDate');
    const end = valueOf(form, 'project.endDate');
    if (!start) add('project.startDate', t('check.required'));
    else if (earliest && start < earliest) add('project.startDate', t('check.start', { date: date(earliest) }));
    if (!end) add('project.endDate', t('check.required'));
    else if (start && end < start) add('project.endDate', t('check.end'));
    lines().forEach((line, index) => {
      if (!line.description) add(`budget.lines[${index}].description`, t('check.required'));
      if (line.cents === null || line.cents < 100) add(`budget.lines[${index}].amount`, t('check.amount'));
    });
    const sum = lines().reduce((s, l) => s + (l.cents ?? 0), 0);
    const requested = cents(valueOf(form, 'budget.requestedAmount'));
    const own = valueOf(form, 'budget.ownContribution') === '' ? 0 : cents(valueOf(form, 'budget.ownContribution'));
    if (requested === null) add('budget.requestedAmount', t('check.amount'));
    else if (max !== null && requested > Math.round(max * 100)) add('budget.requestedAmount', t('check.max', { amount: euro(max) }));
    if (own === null) add('budget.ownContribution', t('check.amount'));
    if (requested !== null && own !== null && lines().every((l) => l.cents !== null)) {
      if (requested + own !== sum) add('budget.ownContribution', t('check.sum', { sum: euro((requested + own) / 100), total: euro(sum / 100) }));
      const needed = Math.ceil((sum * share) / 100);
      if (own < needed) add('budget.requestedAmount', t('check.share', { percent: percent(share), amount: euro(needed / 100) }));
    }
    if (!ibanValid(valueOf(form, 'bankAccount.iban'))) add('bankAccount.iban', t('check.iban'));
    if (!form.querySelector('[name="consents.privacyNoticeAccepted"]').checked) add('consents.privacyNoticeAccepted', t('check.consent'));
    return errors;
  };

  const touched = new Set();
  const refresh = (path) => {
    const field = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (!field) return;
    const messages = check()[path];
    if (messages) markField(field, messages.join(' '));
    else clearField(field);
  };
  const pathOf = (target) => target.closest('[data-field]')?.dataset.field;
  form.addEventListener('focusout', (e) => {
    const path = pathOf(e.target);
    if (!path || (e.relatedTarget && e.target.closest('fieldset.choices')?.contains(e.relatedTarget))) return;
    // Leaving a field for a button: no message now, so the button does not move under the pointer (the sending shows
    // every message anyway, and "add a line" is no reason to complain yet).
    if (e.relatedTarget?.matches('button')) return;
    if (!e.target.value && !e.target.matches('[type=checkbox], [type=radio]') && !touched.has(path)) return;
    touched.add(path);
    refresh(path);
  });
  form.addEventListener('input', (e) => {
    if (e.target.matches('.line-amount')) updateTotal();
    const path = pathOf(e.target);
    if (path && form.querySelector(`[data-field="${CSS.escape(path)}"]`)?.closest('.has-error')) refresh(path);
    for (const linked of ['budget.requestedAmount', 'budget.ownContribution']) {
      if (linked !== path && touched.has(linked) && (e.target.matches('.line-amount') || path?.startsWith('budget.'))) refresh(linked);
    }
  });

  const read = () => ({
    institution: {
      name: valueOf(form, 'institution.name'),
      type: orNull(valueOf(form, 'institution.type')),
      street: valueOf(form, 'institution.street'),
      postalCode: valueOf(form, 'institution.postalCode'),
      city: valueOf(form, 'institution.city'),
      district: orNull(valueOf(form, 'institution.district')),
    },
    contact: {
      name: valueOf(form, 'contact.name'),
      role: valueOf(form, 'contact.role'),
      email: valueOf(form, 'contact.email'),
      phone: orNull(valueOf(form, 'contact.phone')),
    },
    project: {
      title: valueOf(form, 'project.title'),
      summary: form.querySelector('[name="project.summary"]').value.trim(),
      mintFields: checked(form, 'project.mintFields'),
      educationStages: checked(form, 'project.educationStages'),
      expectedParticipants: valueOf(form, 'project.expectedParticipants') === '' ? null : Number(valueOf(form, 'project.expectedParticipants')),
      startDate: orNull(valueOf(form, 'project.startDate')),
      endDate: orNull(valueOf(form, 'project.endDate')),
    },
    budget: {
      // An amount the form cannot read goes as null: the server names the field ("budget.lines[0].amount").
      lines: lines().map((l) => ({ description: l.description, amount: l.cents === null ? null : amount(l.cents) })),
      requestedAmount: moneyOrNull(valueOf(form, 'budget.requestedAmount')),
      ownContribution: valueOf(form, 'budget.ownContribution') === '' ? 0 : moneyOrNull(valueOf(form, 'budget.ownContribution')),
    },
    bankAccount: {
      accountHolder: valueOf(form, 'bankAccount.accountHolder'),
      iban: valueOf(form, 'bankAccount.iban'),
      bic: orNull(valueOf(form, 'bankAccount.bic')),
    },
    consents: {
      privacyNoticeVersion: version,
      privacyNoticeAccepted: form.querySelector('[name="consents.privacyNoticeAccepted"]').checked,
      publishProject: form.querySelector('[name="consents.publishProject"]').checked,
    },
    website: form.querySelector('[name="website"]').value,
  });

  return { read, check };
}

/** The rules of a call, shown above its form. */
export function rulesPanel(call) {
  const items = [
    call.rolling ? t('apply.rule.rolling') : t('apply.rule.closes', { date: date(call.closesOn) }),
    t('apply.rule.leadTime', { days: call.minLeadTimeDays, date: date(call.earliestProjectStart) }),
    call.maxAmountPerApplication != null ? t('apply.rule.max', { amount: euro(call.maxAmountPerApplication) }) : t('apply.rule.noMax'),
    call.coFundingSharePercent > 0 ? t('apply.rule.share', { percent: percent(call.coFundingSharePercent) }) : t('apply.rule.noShare'),
    call.maxApprovedPerInstitutionPerYear ? t('apply.rule.cap', { count: call.maxApprovedPerInstitutionPerYear }) : null,
  ].filter(Boolean);
  return el('aside', { class: 'rules', 'aria-labelledby': 'rules-title' },
    el('h2', { id: 'rules-title', text: t('apply.rules') }),
    call.description ? el('p', { text: call.description }) : null,
    el('ul', {}, items.map((text) => el('li', { text }))));
}

function section(key, ...children) {
  const id = `s-${key.replace(/\W+/g, '-')}`;
  return el('section', { class: 'form-section', 'aria-labelledby': id }, el('h2', { id, text: t(key) }), children);
}

const money = (value) => (value === undefined || value === null ? '' : new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(value));

function moneyOrNull(text) {
  const c = cents(text);
  return c === null ? null : amount(c);
}

/** ISO 13616 check digits (mod 97), as the server checks them; the country's length is left to the server. */
export function ibanValid(text) {
  const iban = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if (iban.startsWith('DE') && iban.length !== 22) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}
