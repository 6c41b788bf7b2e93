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
document.querySelectorAll('[data-print]').forEach((button) => { button.hidden = false; });
document.addEventListener('click', (event) => {
  if (event.target.closest && event.target.closest('[data-print]')) window.print();
});
