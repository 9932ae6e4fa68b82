// Shared by the check scripts: installed once per page as window.__kact.
window.__kact = {
  CONTROLS: 'a[href], area[href], button, summary, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex^="-"])',

  label(el) {
    const tag = el.tagName.toLowerCase();
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/)[0] : '';
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('href') || '')
      .replace(/\s+/g, ' ').trim().slice(0, 50);
    return text ? `<${tag}${id}${cls}> "${text}"` : `<${tag}${id}${cls}>`;
  },

  visible(el) {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 &&
      el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  },

  // The visible controls a keyboard user must be able to reach.
  controls() {
    return Array.from(document.querySelectorAll(this.CONTROLS))
      .filter(el => !el.disabled && this.visible(el) && !this.visuallyHidden(el));
  },

  // The "visually hidden" pattern: a 1px clipped box kept for screen readers.
  visuallyHidden(el) {
    const box = el.getBoundingClientRect();
    return box.width <= 1 && box.height <= 1;
  },

  // What draws a focus indicator: outline, shadow, border and background.
  focusStyle(el) {
    const s = getComputedStyle(el);
    return {
      outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 || this.transparent(s.outlineColor)
        ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
      shadow: s.boxShadow,
      border: `${s.borderTopColor} ${s.borderRightColor} ${s.borderBottomColor} ${s.borderLeftColor} ${s.borderBottomWidth}`,
      background: s.backgroundColor,
    };
  },

  transparent(color) {
    return color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color);
  },

  // The nearest fixed or sticky ancestor, which is what usually covers things.
  coverOf(hit) {
    for (let el = hit; el && el !== document.body; el = el.parentElement) {
      const position = getComputedStyle(el).position;
      if (position === 'fixed' || position === 'sticky') return el;
    }
    return hit;
  },
};
