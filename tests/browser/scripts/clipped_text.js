// Elements that hide overflowing text: a box too small for its words.
() => {
  const k = window.__kact;
  const clips = value => value === 'hidden' || value === 'clip';
  const clipped = [];
  for (const el of [document.documentElement, document.body, ...document.body.querySelectorAll('*')]) {
    const s = getComputedStyle(el);
    if (!(clips(s.overflowX) || clips(s.overflowY)) || k.visuallyHidden(el) || !k.visible(el)) continue;
    if (!el.innerText || !el.innerText.trim()) continue;
    const wide = clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const tall = clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (wide || tall) clipped.push(k.label(el));
  }
  return clipped;
}
