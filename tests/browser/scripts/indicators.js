// After the Tab walk: blur, and say for each stop whether its focused look
// differs from its resting look in outline, shadow, border or background.
stops => {
  const k = window.__kact;
  if (document.activeElement) document.activeElement.blur();
  return window.__kactStops.map((el, i) => {
    const focused = stops[i].focused_style;
    const resting = k.focusStyle(el);
    return (focused.outline !== 'none' && focused.outline !== resting.outline) ||
      (focused.shadow !== 'none' && focused.shadow !== resting.shadow) ||
      focused.border !== resting.border ||
      focused.background !== resting.background;
  });
}
