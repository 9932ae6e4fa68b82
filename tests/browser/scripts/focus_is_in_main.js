// True when <main> itself or something inside it has focus.
() => {
  const main = document.querySelector('main');
  return Boolean(main) && main.contains(document.activeElement);
}
