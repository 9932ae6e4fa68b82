// After the Tab walk: the visible controls that Tab never reached.
() => {
  const k = window.__kact;
  const reached = window.__kactStops || [];
  return k.controls().filter(el => !reached.includes(el)).map(el => k.label(el));
}
