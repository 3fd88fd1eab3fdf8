// The "send code" button counts down until the server allows the next code (it enforces it too).
(function () {
  var button = document.querySelector('[data-resend-after]');
  if (!button) return;
  var left = parseInt(button.getAttribute('data-resend-after'), 10) || 0;
  var label = button.getAttribute('data-label');
  var template = button.getAttribute('data-countdown');
  function tick() {
    if (left <= 0) { button.disabled = false; button.textContent = label; return; }
    button.disabled = true;
    button.textContent = template.replace('{n}', String(left));
    left -= 1;
    setTimeout(tick, 1000);
  }
  tick();
})();
