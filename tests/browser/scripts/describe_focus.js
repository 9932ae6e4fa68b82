// After a Tab: describe the focused element, or null once focus has left the
// page or come round to an element already seen.
() => {
  const k = window.__kact;
  const el = document.activeElement;
  window.__kactStops = window.__kactStops || [];
  if (!el || el === document.body || el === document.documentElement || window.__kactStops.includes(el)) return null;
  window.__kactStops.push(el);

  const box = el.getBoundingClientRect();
  const inViewport = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 &&
    box.top < innerHeight && box.left < innerWidth;

  // Sample the middle and four inner points of each line box: the element is
  // hidden only if something else is on top at every one of them.
  let coveredBy = null;
  if (inViewport) {
    let seen = false;
    let cover = null;
    for (const r of Array.from(el.getClientRects()).filter(r => r.width > 0 && r.height > 0)) {
      for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]]) {
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        const hit = document.elementFromPoint(x, y);
        if (hit && (hit === el || el.contains(hit))) { seen = true; break; }
        cover = cover || hit;
      }
      if (seen) break;
    }
    if (!seen) coveredBy = cover ? k.label(k.coverOf(cover)) : 'the edge of the screen';
  }
  return {
    label: k.label(el),
    name: (el.getAttribute('aria-label') || el.innerText || '').trim(),
    href: el.getAttribute('href') || '',
    in_viewport: inViewport,
    covered_by: coveredBy,
    focused_style: k.focusStyle(el),
  };
}
