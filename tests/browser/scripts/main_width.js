// How much of a wide window the page's content uses: the right edge of the
// rightmost visible block in <main>, against the window's width.
() => {
  const main = document.querySelector('main');
  const k = window.__kact;
  let right = 0;
  for (const el of main.querySelectorAll('*')) {
    if (!k.visible(el)) continue;
    right = Math.max(right, el.getBoundingClientRect().right);
  }
  return { right: Math.round(right), width: innerWidth };
}
