// Each reference's return links, and whether its addresses fit its width and
// may wrap anywhere (a long address must never push the page sideways or
// leave a row of arrows).
() => {
  return Array.from(document.querySelectorAll('.footnote li')).map((item, index) => {
    const back = Array.from(item.querySelectorAll('a.footnote-backref')).map(a => a.innerText.trim());
    const addresses = Array.from(item.querySelectorAll('a:not(.footnote-backref)')).filter(a => /^https?:/.test(a.getAttribute('href') || ''));
    const right = item.getBoundingClientRect().right;
    return {
      number: index + 1,
      back,
      unwrappable: addresses.filter(a => getComputedStyle(a).overflowWrap !== 'anywhere').map(a => a.innerText.trim().slice(0, 60)),
      overflowing: addresses.filter(a => Array.from(a.getClientRects()).some(r => r.right > right + 1)).map(a => a.innerText.trim().slice(0, 60)),
    };
  });
}
