// Problems if the urgent-help heading and a number to call are not both in
// the first screen, before any scrolling.
() => {
  window.scrollTo(0, 0);
  const box = document.querySelector('[data-notice="urgent-help"]');
  if (!box) return ['there is no urgent-help box on the page'];
  const problems = [];
  const parts = [['its heading', box.querySelector('h1, h2, h3, h4')], ['a crisis line to call', box.querySelector('a[href^="tel:"]')]];
  for (const [name, el] of parts) {
    if (!el) { problems.push(`the urgent-help box has no ${name}`); continue; }
    const r = el.getBoundingClientRect();
    if (!window.__kact.visible(el) || r.top < 0 || r.bottom > innerHeight) {
      problems.push(`urgent help: ${name} is not in the first screen (it spans ${Math.round(r.top)}-${Math.round(r.bottom)}px of a ${innerHeight}px screen)`);
    }
  }
  return problems;
}
