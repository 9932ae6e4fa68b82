// True when focus is inside <main> or after its start in the page.
() => {
  const main = document.querySelector('main');
  const el = document.activeElement;
  if (!main || !el || el === document.body) return false;
  return main.contains(el) || Boolean(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}
