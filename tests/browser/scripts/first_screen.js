// Where the parts a visitor looks for first sit on the first screen, before
// any scrolling: the urgent-help bar (its height, its phone links, nothing
// readable before it), the site name, the menu button (where there is one),
// the page heading, and optionally a call to action by its words.
callToAction => {
  window.scrollTo(0, 0);
  const k = window.__kact;
  const box = el => {
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), width: Math.round(r.width), height: Math.round(r.height) };
  };
  const bar = document.querySelector('[data-notice="urgent-help"]');
  const header = document.querySelector('header');
  const outside = el => !bar || !bar.contains(el);
  const first = (selector, within = document) =>
    Array.from(within.querySelectorAll(selector)).find(el => outside(el) && k.visible(el) && !k.visuallyHidden(el)) || null;
  const describe = (el, name) => el ? { name, label: k.label(el), ...box(el) } : { name, missing: true };
  const result = { screen: innerHeight, parts: [] };
  if (bar) {
    result.bar = box(bar);
    result.phone_links = Array.from(bar.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')).map(a => describe(a, 'crisis link'));
    // Text or controls a reader meets before the bar, other than a skip link
    // kept off screen until it is focused.
    const onScreen = el => {
      const r = el.getBoundingClientRect();
      return k.visible(el) && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const before = new Set();
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!(bar.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING)) break;
      if (node.textContent.trim() && onScreen(node.parentElement)) before.add(node.parentElement);
    }
    result.before_bar = Array.from(before).map(el => k.label(el));
  }
  result.parts.push(describe(header && first('a[href]', header), 'the site name'));
  const menu = header && first('summary, button', header);
  if (menu) result.parts.push(describe(menu, 'the menu button'));
  result.heading = describe(first('h1'), 'the page heading');
  if (callToAction) {
    const link = Array.from(document.querySelectorAll('main a[href]'))
      .find(a => a.innerText.trim().toLowerCase().startsWith(callToAction.toLowerCase()));
    result.parts.push(describe(link, `the "${callToAction}" link`));
  }
  return result;
}
