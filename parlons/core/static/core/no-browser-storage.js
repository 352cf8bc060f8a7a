// Parlons keeps nothing in the browser but its three necessary cookies (session, CSRF,
// language): see parlons/privacy/tests/test_cookies_browser.py. htmx 2 notes the current
// path in sessionStorage as soon as it loads, for a history cache that Parlons never uses
// (no hx-push-url, history disabled in the htmx-config meta): the note is removed at once.
try {
  window.sessionStorage.removeItem("htmx-current-path-for-history");
} catch (error) {
  // Storage refused by the browser: there is nothing to remove.
}
