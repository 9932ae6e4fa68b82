// How much of a wide window the page's content uses: the right edge of the
// rightmost line of visible words (or picture) in <main>, against the
// window's width. Lines, not boxes: a heading's box is as wide as the page
// even when its words are short.
() => {
  const main = document.querySelector('main');
  const k = window.__kact;
  let right = 0;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !k.visible(node.parentElement) || k.visuallyHidden(node.parentElement)) continue;
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) right = Math.max(right, line.right);
  }
  for (const el of main.querySelectorAll('img, svg, picture')) {
    if (k.visible(el)) right = Math.max(right, el.getBoundingClientRect().right);
  }
  return { right: Math.round(right), width: innerWidth };
}
