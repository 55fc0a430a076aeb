// Sending a public form (application, pledge) once: one Idempotency-Key per filling of the form, so a double click or
// a repeat after a lost answer files once; a refused sending (4xx: nothing was written) gets a new key, since the
// corrected body is another request. The form challenge is fetched when the form opens and again when the server
// says it was used or is no longer valid.
import { t, api, notice, clearNotice, problemText, showErrors, hideErrors, openChallenge, challengeHeaders, newIdempotencyKey } from './common.js';

/**
 * @param {HTMLFormElement} form the form; its button is #submit
 * @param {{ fundId: string, path: string, read: () => object, submitText: string, onDone: (body: object) => void }} options
 */
export function sendOnce(form, { fundId, path, read, submitText, onDone }) {
  let key = newIdempotencyKey();
  let challenge = openChallenge(fundId);
  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    const button = form.querySelector('#submit');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = t('apply.sending');
    clearNotice();
    try {
      const headers = { 'Idempotency-Key': key, ...(await challengeHeaders(await challenge)) };
      const answer = await api(path, { method: 'POST', headers, body: read() });
      if (answer.status === 201 || answer.status === 200) {
        onDone(answer.body);
        return;
      }
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 429 && answer.status !== 408) key = newIdempotencyKey();
      if (answer.status === 409 || (answer.status === 400 && answer.body?.errors?.['X-Form-Challenge'])) challenge = openChallenge(fundId);
      if (answer.status === 422 && answer.body?.errors) showErrors(form, answer.body.errors);
      else {
        hideErrors(form);
        notice(problemText(answer), 'error');
      }
    } finally {
      sending = false;
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = submitText;
    }
  });
}
