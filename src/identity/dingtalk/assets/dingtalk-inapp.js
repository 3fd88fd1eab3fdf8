// Inside the DingTalk client: ask the JSAPI (loaded just before this script) for a sign-in code for the
// source's organisation, with no prompt (ref §3.2), and take it to Portico's callback with the state.
// When the JSAPI is missing or refuses, reload this start page asking for the QR code instead.
(function () {
  var box = document.getElementById('dingtalk-inapp');
  if (!box) return;
  var data = function (name) { return box.getAttribute('data-' + name); };
  var done = false;
  function go(url) {
    if (done) return;
    done = true;
    window.location.replace(url);
  }
  function fallback() {
    var url = new URL(window.location.href);
    url.searchParams.set(data('fallback-param'), data('fallback-value'));
    go(url.toString());
  }
  var dd = window.dd;
  if (!dd || !dd.runtime || !dd.runtime.permission) return fallback();
  // A client that never answers must not leave the person looking at "Signing you in…" for ever.
  var NO_ANSWER_MS = 15000;
  setTimeout(fallback, NO_ANSWER_MS);
  dd.error(fallback);
  dd.ready(function () {
    dd.runtime.permission.requestAuthCode({
      corpId: data('corp-id'),
      onSuccess: function (result) {
        if (!result || typeof result.code !== 'string' || !result.code) return fallback();
        var url = new URL(data('callback'));
        url.searchParams.set(data('code-param'), result.code);
        url.searchParams.set('state', data('state'));
        go(url.toString());
      },
      onFail: fallback,
    });
  });
})();
