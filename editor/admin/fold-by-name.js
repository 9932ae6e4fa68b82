// A folded part of a form (Decap's object widget with `collapsed: true`) opens
// when she clicks its name, as people expect, not only its small arrow.
// Decap (decap-cms-widget-object ObjectControl, decap-cms-ui-default
// ObjectWidgetTopBar) toggles only on the arrow button; its name is shown twice,
// as the field's <label for="..."> above the part and beside the arrow, and
// neither does anything. A click on either is passed on to the arrow, so the
// part opens and folds exactly as the arrow does it.
(function () {
  var ARROW = '[data-testid="expand-button"]';

  // The arrow of the part a click on its name belongs to, or null.
  function arrowNamedBy(target) {
    var label = target.closest("label[for]");
    if (label) {
      var part = document.getElementById(label.htmlFor);
      var bar = part && part.firstElementChild; // a text box has none
      return bar ? bar.querySelector(":scope > div > " + ARROW) : null;
    }
    if (target.closest(ARROW)) return null; // the arrow itself: Decap handles it
    var beside = target.closest("div");
    return beside ? beside.querySelector(":scope > " + ARROW) : null;
  }

  document.addEventListener("click", function (event) {
    var arrow = event.target instanceof Element ? arrowNamedBy(event.target) : null;
    if (arrow) {
      event.preventDefault();
      arrow.click();
    }
  });
})();
