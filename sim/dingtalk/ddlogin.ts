// Browser loaders equivalent to DingTalk's: ddlogin.js (window.DTFrameLogin, ref §3.1) and the legacy
// ddLogin.js (window.DDLogin, ref §3.2), pointing at this simulator and accepting messages from its origin
// (the real loader only accepts origins matching /login.dingtalk.com/).

export function dtFrameLoginScript(fallbackOrigin: string): string {
  return `/* DingTalk simulator: DTFrameLogin (behaves like ddlogin.js 0.21.0) */
(function () {
  var script = document.currentScript;
  var SIM_ORIGIN = script && script.src ? new URL(script.src).origin : ${JSON.stringify(fallbackOrigin)};
  function pick(url, name) { var m = new RegExp('[?&]' + name + '=([^&]+)').exec(url); return m ? m[1] : ''; }
  window.DTFrameLogin = function (frameParams, loginParams, successCbk, errorCbk) {
    var fail = typeof errorCbk === 'function' ? errorCbk : function () {};
    if (!frameParams || !loginParams || !loginParams.client_id || !loginParams.redirect_uri || !loginParams.response_type || !loginParams.scope) {
      fail('Missing parameters'); return;
    }
    var container = document.getElementById(frameParams.id);
    if (!container) { fail('Element not found'); return; }
    if (!window.postMessage || !window.addEventListener) { fail('Browser not support'); return; }
    // Values are concatenated raw, as DingTalk's loader does: the caller pre-encodes redirect_uri.
    var src = SIM_ORIGIN + '/oauth2/auth?iframe=true&redirect_uri=' + loginParams.redirect_uri +
      '&response_type=' + loginParams.response_type + '&client_id=' + loginParams.client_id + '&scope=' + loginParams.scope;
    ['prompt', 'state', 'org_type', 'corpId', 'exclusiveLogin', 'exclusiveCorpId'].forEach(function (k) {
      if (loginParams[k]) src += '&' + k + '=' + loginParams[k];
    });
    var iframe = document.createElement('iframe');
    iframe.src = src;
    iframe.frameBorder = '0';
    iframe.scrolling = 'no';
    iframe.width = String(Math.max(Number(frameParams.width) || 300, 280));
    iframe.height = String(Math.max(Number(frameParams.height) || 300, 280));
    container.innerHTML = '';
    container.appendChild(iframe);
    window.addEventListener('message', function (event) {
      if (event.origin !== SIM_ORIGIN || !event.data || event.source !== iframe.contentWindow) return;
      var data = event.data;
      if (data.success && data.redirectUrl) {
        var authCode = pick(data.redirectUrl, 'authCode');
        if (authCode) successCbk({ redirectUrl: data.redirectUrl, authCode: authCode, state: pick(data.redirectUrl, 'state') });
        else fail(pick(data.redirectUrl, 'error'));
      } else {
        fail(data.errorMsg);
      }
    });
  };
})();
`;
}

export function ddLoginLegacyScript(fallbackOrigin: string): string {
  return `/* DingTalk simulator: DDLogin (behaves like ddLogin.js 0.0.5). The frame posts the loginTmpCode
   string; check event.origin against DDLogin.origin, then navigate to goto + '&loginTmpCode=' + code. */
(function () {
  var script = document.currentScript;
  var SIM_ORIGIN = script && script.src ? new URL(script.src).origin : ${JSON.stringify(fallbackOrigin)};
  window.DDLogin = function (a) {
    var src = SIM_ORIGIN + '/login/qrcode.htm?goto=' + a.goto;
    src += a.style ? '&style=' + encodeURIComponent(a.style) : '';
    src += a.href ? '&href=' + a.href : '';
    var iframe = document.createElement('iframe');
    iframe.src = src;
    iframe.frameBorder = '0';
    iframe.allowTransparency = 'true';
    iframe.scrolling = 'no';
    iframe.width = a.width || '365px';
    iframe.height = a.height || '400px';
    var container = document.getElementById(a.id);
    container.innerHTML = '';
    container.appendChild(iframe);
  };
  window.DDLogin.origin = SIM_ORIGIN;
})();
`;
}
