// Progressive enhancement only: every page works without this file.
'use strict';

// After htmx swaps a form that came back with errors, move focus to the message so screen
// readers and keyboard users land on it.
document.addEventListener('htmx:afterSwap', (event) => {
  const alert = event.target.querySelector('.alert-error, [role="alert"]');
  if (alert) alert.focus();
});

// Audit reports: the print button (hidden until this script runs) opens the browser's print
// dialog, where "Save as PDF" makes the PDF.
document.querySelectorAll('[data-print]').forEach((button) => {
  button.hidden = false;
});
document.addEventListener('click', (event) => {
  if (event.target.closest && event.target.closest('[data-print]')) window.print();
});

// Crisis board: acute countdowns tick every second (mm:ss) next to the server's words, which the
// board's own refresh keeps right without this script.
function tickCountdowns() {
  document.querySelectorAll('.countdown[data-deadline] .countdown-clock').forEach((clock) => {
    const left = Date.parse(clock.parentElement.dataset.deadline) - Date.now();
    if (Number.isNaN(left)) return;
    const s = Math.max(0, Math.floor(left / 1000));
    clock.textContent = `(${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')})`;
  });
}
tickCountdowns();
setInterval(tickCountdowns, 1000);
document.addEventListener('htmx:afterSwap', tickCountdowns);

// Revealed login details: hidden again a minute after they were shown, and whenever the page
// goes to the background.
document.querySelectorAll('details[data-secret]').forEach((details) => {
  let timer = null;
  details.addEventListener('toggle', () => {
    clearTimeout(timer);
    if (details.open)
      timer = setTimeout(() => {
        details.open = false;
      }, 60_000);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) details.open = false;
  });
});

// Two-step verification codes on a reveal: the seconds each code has left, "expired" after.
// The server already wrote until when each is valid; this only counts down.
function tickCodes() {
  document.querySelectorAll('[data-valid-until]').forEach((code) => {
    const left = Math.ceil((Date.parse(code.dataset.validUntil) - Date.now()) / 1000);
    const out = code.querySelector('.totp-left');
    if (Number.isNaN(left) || !out) return;
    code.classList.toggle('totp-expired', left <= 0);
    out.textContent =
      left > 0 ? `(${code.dataset.left.replace('{seconds}', String(left))})` : code.dataset.expired;
  });
}
if (document.querySelector('[data-valid-until]')) {
  tickCodes();
  setInterval(tickCodes, 1000);
}

// Copy the password without showing it: the form's crisis and reason are posted to the copy
// endpoint (gated and audited as a reveal) and its text answer goes to the clipboard. Safari
// keeps the clipboard open only within the tap, so it is handed the pending answer at once
// (ClipboardItem with a promise); elsewhere the text is written when it arrives.
document.querySelectorAll('[data-copy-password]').forEach((box) => {
  if (!navigator.clipboard || !window.isSecureContext) return;
  box.hidden = false;
  const form = box.closest('form');
  const status = box.querySelector('.copy-status');
  const say = (text, failed) => {
    status.textContent = text;
    status.classList.toggle('error', failed);
  };
  box.querySelector('button').addEventListener('click', () => {
    const answer = fetch(box.dataset.copyPassword, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)),
    }).then(async (res) => {
      const type = res.headers.get('Content-Type') || '';
      if (res.ok && type.startsWith('text/plain')) return res.text();
      const body = type.includes('json') ? await res.json() : {};
      throw new Error(body.error || box.dataset.failed);
    });
    const copied =
      window.ClipboardItem && navigator.clipboard.write
        ? navigator.clipboard.write([
            new ClipboardItem({
              'text/plain': answer.then((text) => new Blob([text], { type: 'text/plain' })),
            }),
          ])
        : answer.then((text) => navigator.clipboard.writeText(text));
    say('', false);
    copied.then(
      () => say(box.dataset.copied, false),
      // The server's message when it refused; otherwise the clipboard did.
      () =>
        answer.then(
          () => say(box.dataset.failed, true),
          (e) => say(e.message, true),
        ),
    );
  });
});
