// Accessible form fields: every input has a visible <label>, hints and errors are tied to it with aria-describedby,
// groups of choices are fieldsets with a legend. data-field names the API's field path, so the server's errors
// ("institution.iban") find their field.
import { el, t } from './common.js';

const idOf = (field) => 'f-' + field.replace(/[^A-Za-z0-9]+/g, '-');

function labelFor(id, label, required) {
  return el('label', { for: id },
    el('span', { class: 'label-text', text: label }),
    required ? el('span', { class: 'req', text: ` (${t('required')})` }) : el('span', { class: 'opt', text: ` (${t('optional')})` }));
}

function hintFor(id, hint) {
  return hint ? el('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
}

/** A text-like input (text, email, tel, date, number). */
export function input(field, label, { type = 'text', required = false, hint, value, id = idOf(field), ...attributes } = {}) {
  const control = el('input', {
    id, name: field, type, 'data-field': field, required, 'aria-describedby': hint ? `${id}-hint` : undefined, ...attributes,
  });
  if (value !== undefined && value !== null) control.value = value;
  return el('div', { class: 'field' }, labelFor(id, label, required), hintFor(id, hint), control);
}

export function textarea(field, label, { required = false, hint, value, id = idOf(field), ...attributes } = {}) {
  const control = el('textarea', { id, name: field, 'data-field': field, required, rows: 6, 'aria-describedby': hint ? `${id}-hint` : undefined, ...attributes });
  if (value) control.value = value;
  return el('div', { class: 'field' }, labelFor(id, label, required), hintFor(id, hint), control);
}

/** A select with a "please choose" first option; options are { value, label }. */
export function select(field, label, options, { required = false, hint, value, id = idOf(field), ...attributes } = {}) {
  const control = el('select', { id, name: field, 'data-field': field, required, 'aria-describedby': hint ? `${id}-hint` : undefined, ...attributes },
    el('option', { value: '', text: t('apply.choose') }),
    options.map((o) => el('option', { value: o.value, text: o.label, selected: o.value === value })));
  return el('div', { class: 'field' }, labelFor(id, label, required), hintFor(id, hint), control);
}

/** Checkboxes (several) or radios (one) in a fieldset with its legend. */
export function choices(field, legend, options, { type = 'checkbox', required = false, hint, values = [], id = idOf(field) } = {}) {
  const set = el('fieldset', { id, 'data-field': field, class: 'choices', 'aria-describedby': hint ? `${id}-hint` : undefined },
    el('legend', {}, el('span', { class: 'label-text', text: legend }),
      required ? el('span', { class: 'req', text: ` (${t('required')})` }) : el('span', { class: 'opt', text: ` (${t('optional')})` })),
    hintFor(id, hint),
    options.map((o, i) => {
      const optionId = `${id}-${i}`;
      return el('div', { class: 'choice' },
        el('input', { type, id: optionId, name: field, value: o.value, checked: values.includes(o.value) }),
        el('label', { for: optionId, text: o.label }));
    }));
  return set;
}

/** A single checkbox (a consent): the label is the sentence the person agrees to. */
export function checkbox(field, label, { required = false, checked = false, id = idOf(field) } = {}) {
  return el('div', { class: 'field checkbox' },
    el('input', { type: 'checkbox', id, name: field, 'data-field': field, required, checked }),
    el('label', { for: id }, el('span', { class: 'label-text', text: label }), required ? el('span', { class: 'req', text: ` (${t('required')})` }) : null));
}

/**
 * The trap for bots (see docs/proof-of-work.md): out of sight, out of the tab order and of autofill, so people leave
 * it empty. Not type=hidden, which bots skip.
 */
export function honeypot() {
  return el('div', { class: 'hp', 'aria-hidden': 'true' },
    el('label', { for: 'f-website', text: t('website') }),
    el('input', { id: 'f-website', name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off' }));
}

export const checked = (form, field) => [...form.querySelectorAll(`input[name="${field}"]:checked`)].map((i) => i.value);
export const valueOf = (form, field) => form.querySelector(`[name="${field}"]`)?.value.trim() ?? '';
export const orNull = (text) => (text === '' ? null : text);
