// The main menu as a wide screen shows it: its visible top-level links
// (a link inside a nested list is a sub-item) and how many rows they take.
() => {
  const k = window.__kact;
  const links = Array.from(document.querySelectorAll('header nav a'))
    .filter(a => k.visible(a) && !a.parentElement.parentElement.closest('li'));
  const rows = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
  return { items: links.map(a => a.innerText.trim()), rows: rows.size };
}
