// Links and controls under the minimum size (WCAG 2.5.8), less its
// exceptions: a link inside a sentence, and a small target with a clear
// circle of the minimum diameter around it.
minimum => {
  const k = window.__kact;
  const blockOf = el => {
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return block;
  };
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el);
    return Boolean(block) && block.textContent.trim().length > el.textContent.trim().length;
  };
  const targets = k.controls().map(el => {
    const r = el.getBoundingClientRect();
    return { el, r, cx: r.left + r.width / 2, cy: r.top + r.height / 2,
      small: !inSentence(el) && (r.width < minimum - 0.5 || r.height < minimum - 0.5) };
  });
  const gap = (t, r) => Math.hypot(Math.max(r.left - t.cx, 0, t.cx - r.right), Math.max(r.top - t.cy, 0, t.cy - r.bottom));
  const failures = [];
  for (const t of targets.filter(t => t.small)) {
    const neighbour = targets.find(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (gap(t, o.r) < minimum / 2 || (o.small && Math.hypot(o.cx - t.cx, o.cy - t.cy) < minimum)));
    if (neighbour) {
      failures.push({ label: k.label(t.el), width: Math.round(t.r.width), height: Math.round(t.r.height),
        neighbour: k.label(neighbour.el) });
    }
  }
  return failures;
}
