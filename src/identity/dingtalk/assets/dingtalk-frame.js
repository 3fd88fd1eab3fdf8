// Portico's equivalent of DingTalk's frame loader (DTFrameLogin, reference §3.1): the QR code is an
// iframe of DingTalk's authorize page with iframe=true; after the scan, DingTalk posts
// {success, redirectUrl} or {errorMsg} to this page, and we follow the redirect to our callback.
(function () {
  var box = document.getElementById('dingtalk-qr');
  if (!box) return;
  var origin = box.getAttribute('data-origin');
  var callback = box.getAttribute('data-callback');
  var errorBox = document.getElementById('dingtalk-error');
  window.addEventListener('message', function (event) {
    if (event.origin !== origin || !event.data) return;
    var data = event.data;
    if (data.success && typeof data.redirectUrl === 'string') {
      // Only ever navigate to our own callback: the message cannot become an open redirect.
      if (data.redirectUrl.indexOf(callback + '?') === 0) window.location.href = data.redirectUrl;
      return;
    }
    if (data.errorMsg && errorBox) {
      errorBox.textContent = String(data.errorMsg);
      errorBox.hidden = false;
    }
  });
})();
