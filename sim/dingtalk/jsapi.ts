// The JSAPI the simulated DingTalk container offers (GET /jsapi/dingtalk.open.js): the part of
// dingtalk-jsapi Portico uses (ref §3.1, §3.2). No dd.config is needed for requestAuthCode (ref §3.2).
import { IN_DINGTALK_UA, IOS_UA, PC_UA } from './client-session.ts';

export function jsapiScript(): string {
  return `(function () {
  'use strict';
  // The code endpoint is on the origin the script came from, whatever origin the page has.
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : '';
  var ua = (window.navigator && window.navigator.userAgent) || '';
  var inDingTalk = ${IN_DINGTALK_UA}.test(ua);
  var platform = !inDingTalk ? 'notInDingTalk' : ${PC_UA}.test(ua) ? 'pc' : ${IOS_UA}.test(ua) ? 'ios' : 'android';
  function call(fn, arg) { if (typeof fn === 'function') fn(arg); }
  // DingTalk's onFail shape. Its error codes are not in our sources (UNCONFIRMED): '-1' is used here for
  // "not in DingTalk" and network failures; the server's answer gives the others.
  function fail(fn, errorCode, errorMessage) { call(fn, { errorCode: errorCode, errorMessage: errorMessage }); }
  window.dd = {
    env: { platform: platform },
    ready: function (fn) { setTimeout(function () { call(fn); }, 0); },
    // dd.error reports a failed dd.config; nothing here needs dd.config, so there is never anything to report.
    error: function () {},
    runtime: { permission: { requestAuthCode: function (o) {
      o = o || {};
      if (!inDingTalk) {
        setTimeout(function () { fail(o.onFail, '-1', 'requestAuthCode is only available inside DingTalk'); }, 0);
        return;
      }
      fetch(origin + '/jsapi/auth-code', {
        method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ corpId: o.corpId }),
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (answer) {
        var body = answer.body;
        if (answer.ok && body && typeof body.code === 'string') call(o.onSuccess, { code: body.code });
        else fail(o.onFail, String((body && body.errorCode) || '-1'), String((body && body.errorMessage) || 'requestAuthCode failed'));
      }, function (e) { fail(o.onFail, '-1', String((e && e.message) || e)); });
    } } },
  };
})();
`;
}
