// The passkey ceremonies (WebAuthn) around SimpleWebAuthn's browser part: a button with
// data-passkey="register" or "authenticate" asks the server for options, lets the browser make or
// use the passkey, sends the answer back and follows where the server sends it. The CSRF token
// travels in the X-CSRF-Token header, as htmx sends it.
'use strict';

const PATHS = {
  register: ['/second-factor/passkey/register/options', '/second-factor/passkey/register'],
  authenticate: ['/second-factor/passkey/options', '/second-factor/passkey'],
};

async function post(path, csrf, body) {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (data.redirect) window.location.assign(data.redirect);
  return { ok: res.ok && !data.redirect, data };
}

async function ceremony(button) {
  const { passkey: kind, csrf, next, failed } = button.dataset;
  const error = document.querySelector('[data-passkey-error]');
  const show = (text) => {
    if (!error) return;
    error.textContent = text;
    error.hidden = false;
    error.focus();
  };
  const [optionsPath, answerPath] = PATHS[kind];
  const browser = window.SimpleWebAuthnBrowser;
  button.disabled = true;
  try {
    const options = await post(optionsPath, csrf, {});
    if (!options.ok) return;
    let response;
    try {
      response =
        kind === 'register'
          ? await browser.startRegistration({ optionsJSON: options.data })
          : await browser.startAuthentication({ optionsJSON: options.data });
    } catch {
      return show(failed);
    }
    const answer = await post(answerPath, csrf, { response, next });
    if (!answer.ok && answer.data.error) show(answer.data.error);
  } finally {
    button.disabled = false;
  }
}

document.querySelectorAll('[data-passkey]').forEach((button) => {
  if (!window.PublicKeyCredential || !window.SimpleWebAuthnBrowser) return;
  button.addEventListener('click', () => ceremony(button));
});
