// Progressive enhancement only: every page works without this file.
'use strict';

// After htmx swaps a form that came back with errors, move focus to the message so screen
// readers and keyboard users land on it.
document.addEventListener('htmx:afterSwap', (event) => {
  const alert = event.target.querySelector('.alert-error, [role="alert"]');
  if (alert) alert.focus();
});
