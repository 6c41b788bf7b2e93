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
