// The countdown of a timed exam or quiz. The page works without it: the
// server's clock decides, and every page shows the time left when it was
// sent. This only makes the shown time go down. Screen readers hear it
// through a polite live region at a few moments (data-say-5, data-say-1,
// data-say-0: texts in the page's language), never every second.
(function () {
  'use strict';
  var box = document.querySelector('.timer[data-left]');
  if (!box) return;
  var shown = box.querySelector('strong');
  var left = parseInt(box.getAttribute('data-left'), 10);
  if (!shown || !(left >= 0)) return;
  var end = Date.now() + left * 1000;
  var live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  box.parentNode.insertBefore(live, box.nextSibling);
  var said = {};
  function say(key) {
    var text = box.getAttribute('data-say-' + key);
    if (text && !said[key]) {
      said[key] = true;
      live.textContent = text;
    }
  }
  // what the page says already is not said again
  if (left <= 60) said['1'] = said['5'] = true;
  else if (left <= 300) said['5'] = true;
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var ms = end - Date.now();
    var s = Math.max(0, Math.ceil(ms / 1000));
    shown.textContent = s >= 3600 ? Math.floor(s / 3600) + ' h ' + two(Math.floor(s % 3600 / 60)) + ' min'
      : s >= 60 ? Math.floor(s / 60) + ' min ' + two(s % 60) + ' s' : s + ' s';
    if (s <= 300) say('5');
    if (s <= 60) say('1');
    if (s === 0) {
      say('0');
      box.classList.add('over');
      return;
    }
    setTimeout(tick, (ms % 1000 || 1000) + 20); // just after the next whole second
  }
  tick();
}());
