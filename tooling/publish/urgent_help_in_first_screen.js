// Run by tooling/publish/urgent_help_proof.py on every page: where the urgent-help
// bar and its phone links are on the first screen, before any scrolling, and
// whether a reader can see and tap each link (shown, not covered, readable).
() => {
  window.scrollTo(0, 0);
  const bar = document.querySelector('[data-notice="urgent-help"]');
  if (!bar) return { bar: false, bar_problems: [], links: [] };
  const shown = el => el.checkVisibility({ visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true });
  const place = r => `${Math.round(r.top)}-${Math.round(r.bottom)}px of a ${innerHeight}px screen`;
  const barBox = bar.getBoundingClientRect();
  const barProblems = [];
  if (!shown(bar) || barBox.width === 0 || barBox.height === 0) barProblems.push('is hidden');
  else if (barBox.top < 0 || barBox.top >= innerHeight) barProblems.push(`is not in the first screen (it spans ${place(barBox)})`);
  const links = Array.from(bar.querySelectorAll('a[href]'))
    .filter(a => /^\s*(tel|sms):/i.test(a.getAttribute('href')))
    .map(a => {
      const r = a.getBoundingClientRect();
      const style = getComputedStyle(a);
      const problems = [];
      if (!shown(a) || r.width < 1 || r.height < 1) problems.push('is hidden');
      else {
        if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) problems.push(`is not wholly in the first screen (it spans ${place(r)})`);
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (hit && hit !== a && !a.contains(hit)) problems.push('is covered by another part of the page');
        if (parseFloat(style.fontSize) < 10) problems.push(`has text too small to read (${style.fontSize})`);
        if (/rgba\(.*,\s*0\)$|transparent/.test(style.color)) problems.push('has see-through text');
      }
      return { href: a.getAttribute('href'), text: a.innerText.replace(/\s+/g, ' ').trim(), problems };
    });
  return { bar: true, bar_problems: barProblems, links };
}
