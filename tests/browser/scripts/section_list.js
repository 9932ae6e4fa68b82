// A long page's list of its sections: the first list in <main> whose links all
// jump within the page. Reports the page's length in screens, where the list
// (with the nav or aside that holds it) sits against the first section heading, and which headings it leaves out
// (h2 always; h3 too when withQuestions), and whether each h3 is listed under
// the h2 it sits in (grouped).
withQuestions => {
  const k = window.__kact;
  const main = document.querySelector('main');
  const screens = document.documentElement.scrollHeight / innerHeight;
  const lists = Array.from(main.querySelectorAll('ul, ol')).filter(list => {
    const links = Array.from(list.querySelectorAll(':scope > li > a'));
    return links.length >= 2 && links.every(a => (a.getAttribute('href') || '').startsWith('#')) && k.visible(list);
  });
  const list = lists[0] || null;
  const holder = list ? (list.closest('nav, aside') || list) : null;
  // The page's own sections: not the headings of its menus, side column or notices.
  const headings = Array.from(main.querySelectorAll(withQuestions ? 'h2[id], h3[id]' : 'h2[id]'))
    .filter(h => !h.closest('nav, aside, [data-notice-group]'));
  const firstHeading = headings[0] || null;
  const result = { screens, found: !!list, before_first_heading: false, missing: [], ungrouped: [] };
  if (!list) return result;
  result.before_first_heading = !firstHeading ||
    !!(holder.compareDocumentPosition(firstHeading) & Node.DOCUMENT_POSITION_FOLLOWING);
  for (const heading of headings) {
    const link = list.querySelector(`a[href="#${CSS.escape(heading.id)}"]`);
    if (!link) { result.missing.push(heading.innerText.trim()); continue; }
    if (heading.tagName === 'H3') {
      // Its group: the h2 before it on the page; the link must sit in that h2's item.
      const groups = headings.filter(h => h.tagName === 'H2' &&
        (h.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING));
      const group = groups[groups.length - 1];
      const groupItem = group && list.querySelector(`a[href="#${CSS.escape(group.id)}"]`)?.closest('li');
      if (!groupItem || !groupItem.contains(link)) result.ungrouped.push(heading.innerText.trim());
    }
  }
  return result;
}
