// Front-channel logout: each application's logout page loads in a hidden frame; the browser moves on
// once all have loaded, or after the page's wait (src/login/pages/signing-out.ts), whichever is first.
(function () {
  var box = document.querySelector('[data-signing-out]');
  if (!box) return;
  var next = box.getAttribute('data-next');
  var frames = JSON.parse(box.getAttribute('data-frames') || '[]');
  var left = frames.length;
  var gone = false;
  function go() {
    if (gone) return;
    gone = true;
    window.location.replace(next);
  }
  frames.forEach(function (src) {
    var frame = document.createElement('iframe');
    frame.title = 'logout';
    // Listening before the frame starts loading, so no load is missed.
    frame.addEventListener('load', function () {
      left -= 1;
      if (left <= 0) go();
    });
    frame.src = src;
    box.appendChild(frame);
  });
  if (left === 0) go();
  setTimeout(go, parseInt(box.getAttribute('data-wait-ms'), 10) || 0);
})();
