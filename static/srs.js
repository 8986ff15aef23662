// Review session (/revisions/seance): Space shows the answer, 1 to 4 rate
// the card, U undoes the last rating. The page works without this script:
// the answer is a <details> element and the ratings are plain forms.
(function () {
  'use strict';
  var answer = document.querySelector('details.srs-answer');
  var undo = document.querySelector('form.srs-undo');
  var sent = false;

  function typing(t) {
    return t && t.closest && t.closest('input, textarea, select, [contenteditable]');
  }

  // a second submission (double click, key held) is dropped here; the
  // server would count it once anyway
  function once(form) {
    if (form) form.addEventListener('submit', function (e) {
      if (sent) e.preventDefault();
      sent = true;
    });
  }
  once(undo);

  if (answer) {
    answer.addEventListener('toggle', function () {
      if (!answer.open) return;
      var back = answer.querySelector('.srs-back');
      if (back) back.focus();
    });
    once(answer.querySelector('form'));
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || typing(e.target)) return;
    if (answer && (e.key === ' ' || e.key === 'Spacebar')) {
      // on a focused summary, button or link Space keeps its own meaning
      if (e.target.closest && e.target.closest('summary, button, a')) return;
      e.preventDefault();
      answer.open = true;
    } else if (answer && answer.open && /^[1-4]$/.test(e.key)) {
      var b = answer.querySelector('button[data-rating="' + e.key + '"]');
      if (b) {
        e.preventDefault();
        if (!sent) b.click();
      }
    } else if (undo && (e.key === 'u' || e.key === 'U')) {
      e.preventDefault();
      if (!sent) undo.querySelector('button').click();
    }
  });
})();
