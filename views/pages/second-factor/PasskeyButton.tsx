// The passkey ceremony's scripts: SimpleWebAuthn's browser bundle (from node_modules, served as
// htmx is) and ours, which reads the button's data attributes. Files, never inline (CSP).
export function PasskeyScripts() {
  return (
    <>
      <script src="/static/simplewebauthn-browser.min.js" defer></script>
      <script src="/static/passkey.js" defer></script>
    </>
  );
}
