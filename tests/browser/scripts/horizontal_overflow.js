// How wide the page is against the window, and the outermost elements that
// stick out past the right edge.
() => {
  const k = window.__kact;
  const viewport = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  const culprits = [];
  if (scroll > viewport) {
    for (const el of document.body.querySelectorAll('*')) {
      const parent = el.parentElement;
      if (el.getBoundingClientRect().right > viewport + 1 &&
          parent.getBoundingClientRect().right <= viewport + 1 && !k.visuallyHidden(el)) {
        culprits.push(k.label(el));
      }
    }
  }
  return { scroll_width: scroll, viewport_width: viewport, culprits: culprits.slice(0, 5) };
}
